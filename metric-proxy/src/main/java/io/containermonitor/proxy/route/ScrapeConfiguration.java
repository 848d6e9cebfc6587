package io.containermonitor.proxy.route;

import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.auth.ConnectionAuthenticator;
import io.containermonitor.proxy.authz.ScrapeAuthorization;
import io.containermonitor.proxy.error.ErrorResponseWriter;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.containermonitor.proxy.ratelimit.AccountConcurrencyLimit;
import io.containermonitor.proxy.ratelimit.AccountThrottle;
import io.containermonitor.proxy.ratelimit.NewConnectionLimit;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Scrapes are routed in Reactor Netty, ahead of WebFlux ({@link ScrapeHandler}); every other
 * request goes on to WebFlux, Spring Security and the gateway as before. The route is added by
 * a {@link WebServerFactoryCustomizer} of this context only (not a {@code NettyRouteProvider}
 * bean, which the management context would pick up too), so the management port has none; so is
 * the {@link NewConnectionLimit} of the public port.
 */
@Configuration(proxyBeanMethods = false)
public class ScrapeConfiguration {

	@Bean(destroyMethod = "dispose")
	AgentForwarder agentForwarder(ProxyProperties properties, ProxyMetrics metrics) {
		return new AgentForwarder(properties.upstream(), metrics);
	}

	@Bean
	ScrapeHandler scrapeHandler(ConnectionAuthenticator authenticator, ScrapeAuthorization authorization,
			AccountThrottle throttle, AccountConcurrencyLimit concurrency, AgentForwarder forwarder,
			ErrorResponseWriter errors, ProxyMetrics metrics) {
		return new ScrapeHandler(authenticator, authorization, throttle, concurrency, forwarder, errors, metrics);
	}

	@Bean
	NewConnectionLimit newConnectionLimit(ProxyProperties properties, ProxyMetrics metrics) {
		return new NewConnectionLimit(properties.rateLimit(), metrics);
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> scrapeRoute(ScrapeHandler scrapes,
			NewConnectionLimit newConnections) {
		return factory -> {
			factory.addRouteProviders(routes -> routes.route(ScrapeHandler::isScrape, scrapes));
			factory.addServerCustomizers(server -> server
				.doOnChannelInit((observer, channel, remote) -> newConnections.onAccepted(channel, remote)));
		};
	}

}
