package io.containermonitor.forwarder.http;

import java.net.UnknownHostException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.containermonitor.forwarder.ForwarderProperties;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.springframework.boot.ssl.SslBundle;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Builds the one HTTPS client that talks to Container Monitor, for discovery and
 * scrapes alike: the tenant's client certificate, the server certificate checked
 * against the target's name (unless told not to), connect and response timeouts,
 * gzip, and keep-alive connections bounded by the scrape concurrency.
 */
public final class CmonHttpClientFactory {

	private CmonHttpClientFactory() {
	}

	public static HttpClient create(ForwarderProperties properties, SslBundle bundle) {
		SslContext ssl = sslContext(properties, bundle);
		// Each target is its own host (TLS name, Host header), so Reactor Netty keeps one pool per target and a
		// keep-alive connection lives across scrapes. Background eviction of idle connections and inactive pools
		// (maxIdleTime, disposeInactivePoolsInBackground) made bench/forwarder's mean scrape 60 ms instead of 2 ms,
		// not investigated further, so it is left off: a pool of a vanished container stays, empty once the
		// server has closed the idle connection.
		ConnectionProvider pool = ConnectionProvider.builder("cmon-forwarder")
			.maxConnections(properties.scrape().maxConcurrency() + 2)
			.pendingAcquireMaxCount(-1)
			.build();
		HttpClient client = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.scrape().connectTimeout().toMillis())
			.responseTimeout(properties.scrape().timeout())
			.compress(true)
			.secure(spec -> {
				var configured = spec.sslContext(ssl);
				if (properties.insecureSkipVerify()) {
					configured.handlerConfigurator(handler -> skipHostnameCheck(handler.engine()));
				}
			});
		if (properties.connectTo() != null) {
			try {
				client = client.resolver(new ConnectToResolverGroup(properties.connectToAddress()));
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("cmon.forwarder.connect-to: unknown host " + properties.connectTo(), ex);
			}
		}
		return client;
	}

	private static SslContext sslContext(ForwarderProperties properties, SslBundle bundle) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient()
				.keyManager(bundle.getManagers().getKeyManagerFactory());
			if (properties.insecureSkipVerify()) {
				builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
			}
			else {
				builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("cannot build the TLS context from SSL bundle " + properties.sslBundle(), ex);
		}
	}

	private static void skipHostnameCheck(SSLEngine engine) {
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm(null);
		engine.setSSLParameters(parameters);
	}

}
