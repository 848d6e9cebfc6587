package io.containermonitor.proxy.tls;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.containermonitor.proxy.ProxyProperties;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public listener: TLS only, HTTP/1.1 and HTTP/2 (ALPN), the server certificate from PEM
 * files reloaded on change (or a self-signed development one). A client certificate is
 * requested but not chain-verified here, and no CA list is sent (spec §2.1, §10.1):
 * authentication checks it against the account's SSH keys.
 *
 * <p>This is a {@link WebServerFactoryCustomizer} of this context only, so the management
 * port stays plain HTTP.
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

	@Bean
	ReloadingKeyManager serverKeyManager(ProxyProperties properties) {
		ProxyProperties.Tls tls = properties.tls();
		if (tls.certificate() != null) {
			ServerCertificate certificate = PemServerCertificates.load(tls.certificate(), tls.privateKey());
			log.info("Server certificate from {} (subject {})", tls.certificate(),
					certificate.leaf().getSubjectX500Principal().getName());
			return new ReloadingKeyManager(certificate);
		}
		log.warn("No cmon.proxy.tls.certificate configured: serving a self-signed certificate for {} and *.{}. "
				+ "For development only", properties.serviceName(), properties.serviceName());
		return new ReloadingKeyManager(SelfSignedServerCertificates.create(properties.serviceName(), Duration.ofDays(365)));
	}

	@Bean
	@ConditionalOnProperty("cmon.proxy.tls.certificate")
	ServerCertificateReloader serverCertificateReloader(ProxyProperties properties, ReloadingKeyManager keyManager) {
		ProxyProperties.Tls tls = properties.tls();
		return new ServerCertificateReloader(tls.certificate(), tls.privateKey(), keyManager, tls.reloadInterval());
	}

	/**
	 * Threads for TLS handshakes ({@code cmon.proxy.tls.handshake-threads}; 0: none, handshakes on
	 * the event loops). A bounded queue: past it, the event loop that accepted the connection does
	 * the work itself, which slows everyone, but bounds the memory a flood can take.
	 */
	@Bean(destroyMethod = "shutdown")
	ThreadPoolExecutor tlsHandshakeExecutor(ProxyProperties properties) {
		int threads = Math.max(1, properties.tls().handshakeThreads());
		AtomicInteger count = new AtomicInteger();
		return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096), task -> {
			Thread thread = new Thread(task, "cmon-tls-handshake-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.CallerRunsPolicy());
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> proxyTlsCustomizer(ReloadingKeyManager keyManager,
			ProxyProperties properties, ThreadPoolExecutor tlsHandshakeExecutor) throws SSLException {
		SslProvider provider = sslProvider(properties.tls().provider());
		SslContext context = Http2SslContextSpec.forServer(keyManager)
			.configure(builder -> {
				builder.sslProvider(provider).clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
				if (provider == SslProvider.OPENSSL) {
					// BoringSSL's handshake work as delegated tasks too, so that they can run off the event loop.
					builder.option(OpenSslContextOption.USE_TASKS, true);
				}
			})
			.sslContext();
		SslContext served = properties.tls().handshakeThreads() == 0 ? context
				: new HandshakeOffloadingSslContext(context, tlsHandshakeExecutor);
		return factory -> factory.addServerCustomizers(
				server -> server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2).secure(spec -> spec.sslContext(served)));
	}

	/**
	 * OpenSSL (BoringSSL, netty-tcnative) costs about a fifth less CPU per scrape than the JDK's
	 * TLS (bench/proxy), but BoringSSL does not accept Ed25519 signatures from TLS clients and
	 * netty-tcnative offers no way to enable them: an old-style certificate of an Ed25519 SSH key
	 * (the TLS key is the SSH key) is then never sent, and its owner gets 401. So the JDK's TLS is
	 * the default, and OpenSSL a choice for those whose tenants have no such certificates.
	 */
	static SslProvider sslProvider(ProxyProperties.TlsProvider wanted) {
		if (wanted == ProxyProperties.TlsProvider.JDK) {
			// Without asking OpenSsl: that loads its native library (some MiB of RSS) for nothing.
			log.info("TLS through the JDK (cmon.proxy.tls.provider=jdk)");
			return SslProvider.JDK;
		}
		boolean openSsl = OpenSsl.isAvailable();
		SslProvider chosen = switch (wanted) {
			case JDK -> SslProvider.JDK;
			case OPENSSL -> {
				if (!openSsl) {
					throw new IllegalStateException("cmon.proxy.tls.provider=openssl, but OpenSSL cannot be loaded",
							OpenSsl.unavailabilityCause());
				}
				yield SslProvider.OPENSSL;
			}
			case AUTO -> openSsl ? SslProvider.OPENSSL : SslProvider.JDK;
		};
		if (chosen == SslProvider.OPENSSL) {
			log.info("TLS through {} (netty-tcnative)", OpenSsl.versionString());
		}
		else {
			log.info("TLS through the JDK: OpenSSL cannot be loaded ({})", String.valueOf(OpenSsl.unavailabilityCause()));
		}
		return chosen;
	}

}
