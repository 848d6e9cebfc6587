package io.containermonitor.forwarder.sink.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.containermonitor.forwarder.ForwarderProperties.HttpAuth;

/**
 * The HTTP side every HTTP sink shares: one JDK client for one receiver URL, with
 * connect and response deadlines, basic or bearer authentication, the sink's own
 * headers and, for {@code https}, the TLS context of an SSL bundle (mTLS when it
 * holds a key). Thread-safe: shards send through it at once.
 */
public final class ReceiverClient {

	private final HttpClient http;

	private final URI url;

	private final Duration timeout;

	private final Map<String, String> headers;

	/**
	 * @param ssl the TLS context for {@code https}, or null for the JVM's default
	 * @param headers headers every request carries (an {@code Authorization} from {@code auth} is added)
	 */
	public ReceiverClient(URI url, HttpAuth auth, Map<String, String> headers, Duration timeout, SSLContext ssl) {
		this.url = url;
		this.timeout = timeout;
		HttpClient.Builder builder = HttpClient.newBuilder()
			.connectTimeout(timeout)
			// Receivers (Prometheus, Mimir, VictoriaMetrics, the Collector) all speak HTTP/1.1; without this the
			// JDK client tries an h2c upgrade on every plain-HTTP connection.
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER);
		if (ssl != null) {
			builder.sslContext(ssl);
		}
		this.http = builder.build();
		Map<String, String> all = new LinkedHashMap<>(headers);
		String authorization = authorization(auth);
		if (authorization != null) {
			all.put("Authorization", authorization);
		}
		this.headers = Map.copyOf(all);
	}

	private static String authorization(HttpAuth auth) {
		if (auth == null) {
			return null;
		}
		String token = auth.bearerTokenFile() != null ? SecretFile.read(auth.bearerTokenFile(), "bearer-token-file")
				: auth.bearerToken();
		if (token != null && !token.isBlank()) {
			return "Bearer " + token;
		}
		if (auth.username() != null && !auth.username().isBlank()) {
			String password = auth.passwordFile() != null ? SecretFile.read(auth.passwordFile(), "password-file")
					: auth.password();
			String pair = auth.username() + ":" + (password == null ? "" : password);
			return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
		}
		return null;
	}

	public URI url() {
		return url;
	}

	/** A POST of {@code body} to the URL with the deadline and every configured header. */
	public HttpRequest.Builder post(byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(timeout)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return request;
	}

	/** Sends and reads the whole answer; an interrupt becomes an {@link IOException} (the batch is kept). */
	public HttpResponse<byte[]> send(HttpRequest request) throws IOException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while writing to " + url, ex);
		}
	}

	/** The start of an answer's body as text, for a log line. */
	public static String excerpt(byte[] body) {
		String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).strip();
		return text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t') ? text
				: "(" + body.length + " bytes, not text)";
	}

}
