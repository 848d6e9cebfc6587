package io.containermonitor.proxy.auth;

import java.time.Clock;
import java.util.Map;

import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.auth.mahi.MahiAccountDirectory;
import io.containermonitor.proxy.error.ErrorResponseWriter;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.containermonitor.proxy.route.PingRoutes;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Authentication: every request on the public port but {@code /_ping} needs a client
 * certificate that {@link ClientCertificateVerifier} accepts; otherwise 401
 * {@code UnauthorizedError} with an empty message, the reason logged and counted. The
 * management port (plain HTTP) is not behind it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class ProxySecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ProxySecurityConfiguration.class);

	@Bean
	AccountDirectory accountDirectory(ProxyProperties properties) {
		if (properties.accountsFile() != null) {
			return new AccountsFile(properties.accountsFile(), properties.accountsFileReloadInterval());
		}
		ProxyProperties.Mahi mahi = properties.mahi();
		if (mahi.url() != null) {
			HttpClient http = HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) mahi.timeout().toMillis())
				.responseTimeout(mahi.timeout());
			WebClient client = WebClient.builder()
				.baseUrl(mahi.url().toString())
				.clientConnector(new ReactorClientHttpConnector(http))
				.build();
			log.info("Accounts and keys from mahi at {}", mahi.url());
			return new MahiAccountDirectory(client, mahi.timeout(), mahi.cacheTtl(), mahi.cacheSize());
		}
		log.warn("Neither cmon.proxy.accounts-file nor cmon.proxy.mahi.url is set: every request will be refused (401)");
		return new AccountDirectory() {
			@Override
			public Mono<AccountKeys> findByLogin(String login) {
				return Mono.empty();
			}

			@Override
			public Mono<Map<String, SshPublicKey>> administratorKeys(String login) {
				return Mono.just(Map.of());
			}

			@Override
			public long version() {
				return 0;
			}
		};
	}

	@Bean
	ClientCertificateVerifier clientCertificateVerifier(AccountDirectory accountDirectory) {
		return new ClientCertificateVerifier(accountDirectory, Clock.systemUTC());
	}

	@Bean
	ClientCertificateAuthenticationManager clientCertificateAuthenticationManager(ClientCertificateVerifier verifier) {
		return new ClientCertificateAuthenticationManager(verifier);
	}

	/** Scrapes authenticate here, once per TLS connection, not through Spring Security's chain. */
	@Bean
	ConnectionAuthenticator connectionAuthenticator(ClientCertificateVerifier verifier,
			AccountDirectory accountDirectory) {
		return new ConnectionAuthenticator(verifier, accountDirectory, Clock.systemUTC());
	}

	/** Ping, and anything not on the public TLS listener (the management port), needs no certificate. */
	@Bean
	@Order(1)
	SecurityWebFilterChain openSecurityWebFilterChain(ServerHttpSecurity http) {
		// One matcher, not an OrServerWebExchangeMatcher: that one formats a debug message on
		// every request whatever the log level (commons-logging's SLF4J bridge).
		ServerWebExchangeMatcher open = exchange -> !ProxyExchange.isPublicListener(exchange)
				|| PingRoutes.isPing(exchange.getRequest().getPath().value())
						? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		return stateless(http).securityMatcher(open)
			.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
			.build();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain certificateSecurityWebFilterChain(ServerHttpSecurity http,
			ClientCertificateAuthenticationManager authenticationManager, ErrorResponseWriter errors,
			ProxyMetrics metrics) {
		AuthenticationWebFilter authentication = new AuthenticationWebFilter(authenticationManager);
		authentication.setServerAuthenticationConverter(new ClientCertificateAuthenticationConverter());
		authentication.setAuthenticationSuccessHandler((filterExchange, auth) -> {
			filterExchange.getExchange()
				.getAttributes()
				.put(ProxyExchange.ACCOUNT_ATTR, ((AccountAuthentication) auth).account());
			return filterExchange.getChain().filter(filterExchange.getExchange());
		});
		authentication.setAuthenticationFailureHandler((filterExchange, ex) -> {
			String reason = ex instanceof CertificateRejectedException rejected ? rejected.reason() : "other";
			metrics.authFailure(reason);
			log.warn("Client certificate rejected ({}) for {} {}: {}", reason,
					filterExchange.getExchange().getRequest().getRemoteAddress(),
					filterExchange.getExchange().getRequest().getPath(), ex.getMessage());
			return errors.write(filterExchange.getExchange(), new ProxyErrorException(ProxyError.UNAUTHORIZED));
		});
		return stateless(http).authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
			.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
			.exceptionHandling(handling -> handling.authenticationEntryPoint((exchange, ex) -> {
				metrics.authFailure("unauthenticated");
				return errors.write(exchange, new ProxyErrorException(ProxyError.UNAUTHORIZED));
			}).accessDeniedHandler((exchange, ex) -> errors.write(exchange, new ProxyErrorException(ProxyError.UNAUTHORIZED))))
			.build();
	}

	private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			// Scrapes pass the agent's answer through as CMON does: no Cache-Control, X-Frame-Options...
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
	}

}
