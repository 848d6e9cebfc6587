package io.containermonitor.proxy.tls;

import java.time.Duration;

import io.containermonitor.proxy.ProxyProperties;
import io.netty.handler.ssl.ClientAuth;
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

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> proxyTlsCustomizer(ReloadingKeyManager keyManager) {
		Http2SslContextSpec ssl = Http2SslContextSpec.forServer(keyManager)
			.configure(builder -> builder.clientAuth(ClientAuth.OPTIONAL)
				.trustManager(InsecureTrustManagerFactory.INSTANCE));
		return factory -> factory.addServerCustomizers(
				server -> server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2).secure(spec -> spec.sslContext(ssl)));
	}

}
