package io.containermonitor.proxy.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A scraper as Prometheus is one: HTTPS to the proxy with a client certificate (or none) and
 * an explicit Host ({@code <uuid>.cmon.<dc>.<suffix>}), keep-alive connections per identity.
 * The server certificate is not checked (Prometheus' {@code insecure_skip_verify}). TLS is the JDK's,
 * like Prometheus' Go TLS able to sign with every key type (BoringSSL, which netty-tcnative would
 * bring, cannot sign with Ed25519).
 */
public final class ProxyClient {

	private final int port;

	private final ConnectionProvider connections = ConnectionProvider.builder("proxy-test").maxConnections(64).build();

	private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();

	private final java.util.concurrent.atomic.AtomicLong connected = new java.util.concurrent.atomic.AtomicLong();

	/** How many connections (TLS handshakes) this client has opened. */
	public long connectionsOpened() {
		return connected.get();
	}

	public ProxyClient(int port) {
		this.port = port;
	}

	public record Response(int status, HttpHeaders headers, byte[] raw, Duration elapsed) {

		/** The body as UTF-8 text (as sent: not decompressed). */
		public String body() {
			return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
		}

		public String header(String name) {
			return headers.get(name);
		}

	}

	public Response get(ClientIdentity identity, String host, String path) {
		return get(identity, host, path, Map.of());
	}

	public Response get(ClientIdentity identity, String host, String path, Map<String, String> headers) {
		return getAsync(identity, host, path, headers, false).block(Duration.ofSeconds(30));
	}

	public Response getHttp2(ClientIdentity identity, String host, String path) {
		return getAsync(identity, host, path, Map.of(), true).block(Duration.ofSeconds(30));
	}

	public Mono<Response> getAsync(ClientIdentity identity, String host, String path, Map<String, String> headers,
			boolean http2) {
		HttpClient client = clients.computeIfAbsent(identity == null ? (http2 ? "none-h2" : "none")
				: (http2 ? java.util.List.of(identity, "h2") : identity), key -> create(identity, http2));
		long start = System.nanoTime();
		// Headers set per request in send(), not with client.headers(): a new client configuration
		// per request would get its own connection pool key, and a TLS handshake per request.
		return client.request(io.netty.handler.codec.http.HttpMethod.GET)
			.uri(path)
			.send((request, outbound) -> {
				request.header("Host", host);
				headers.forEach(request::header);
				return outbound;
			})
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map(bytes -> new Response(response.status().code(), response.responseHeaders(), bytes,
						Duration.ofNanos(System.nanoTime() - start))));
	}

	private HttpClient create(ClientIdentity identity, boolean http2) {
		HttpClient client = HttpClient.create(connections)
			.baseUrl("https://localhost:" + port)
			.observe((connection, state) -> {
				if (state == reactor.netty.ConnectionObserver.State.CONNECTED) {
					connected.incrementAndGet();
				}
			});
		if (http2) {
			Http2SslContextSpec spec = Http2SslContextSpec.forClient().configure(builder -> {
				builder.sslProvider(SslProvider.JDK).trustManager(InsecureTrustManagerFactory.INSTANCE);
				if (identity != null) {
					builder.keyManager(identity.privateKey(), identity.certificate());
				}
			});
			return client.protocol(HttpProtocol.H2).secure(ssl -> ssl.sslContext(spec));
		}
		try {
			SslContextBuilder builder = SslContextBuilder.forClient()
				.sslProvider(SslProvider.JDK)
				.trustManager(InsecureTrustManagerFactory.INSTANCE);
			if (identity != null) {
				builder.keyManager(identity.privateKey(), identity.certificate());
			}
			SslContext context = builder.build();
			return client.secure(ssl -> ssl.sslContext(context));
		}
		catch (javax.net.ssl.SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void close() {
		connections.dispose();
	}

}
