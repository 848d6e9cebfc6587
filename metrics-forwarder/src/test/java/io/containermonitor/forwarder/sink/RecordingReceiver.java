package io.containermonitor.forwarder.sink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.xerial.snappy.Snappy;

/**
 * A receiver for the HTTP sinks' tests: a real JDK HTTP(S) server on a random
 * loopback port that records every request (headers, and the body after undoing its
 * {@code Content-Encoding}: snappy or gzip) and answers from a script, then with a
 * default answer.
 */
public final class RecordingReceiver implements AutoCloseable {

	/** One request as it arrived. */
	public record Request(Instant at, String path, Map<String, List<String>> headers, byte[] body, String clientSubject) {

		public String header(String name) {
			return headers.entrySet()
				.stream()
				.filter(entry -> entry.getKey().equalsIgnoreCase(name))
				.map(entry -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	/** An answer: status, headers, body. */
	public record Answer(int status, Map<String, String> headers, byte[] body) {

		public static Answer of(int status) {
			return new Answer(status, Map.of(), new byte[0]);
		}

	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Deque<Function<Request, Answer>> script = new ArrayDeque<>();

	private volatile Function<Request, Answer> fallback;

	public RecordingReceiver(Answer fallback) throws IOException {
		this(null, false, fallback);
	}

	/** An HTTPS receiver with this context; {@code needClientAuth}: a client certificate is required. */
	public RecordingReceiver(SSLContext ssl, boolean needClientAuth, Answer fallback) throws IOException {
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		if (ssl == null) {
			server = HttpServer.create(address, 0);
		}
		else {
			HttpsServer https = HttpsServer.create(address, 0);
			https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
				@Override
				public void configure(HttpsParameters params) {
					SSLParameters parameters = ssl.getDefaultSSLParameters();
					parameters.setNeedClientAuth(needClientAuth);
					params.setSSLParameters(parameters);
				}
			});
			server = https;
		}
		this.fallback = request -> fallback;
		server.createContext("/", this::handle);
		server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
			Thread thread = new Thread(runnable, "recording-receiver");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
	}

	/** The next requests get these answers, in order. */
	public synchronized RecordingReceiver then(Function<Request, Answer> answer) {
		script.addLast(answer);
		return this;
	}

	public RecordingReceiver then(Answer answer) {
		return then(request -> answer);
	}

	public void answerFromNowOn(Function<Request, Answer> answer) {
		this.fallback = answer;
	}

	public URI url(String path) {
		String scheme = server instanceof HttpsServer ? "https" : "http";
		String host = server instanceof HttpsServer ? "localhost" : "127.0.0.1";
		return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort() + path);
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw = exchange.getRequestBody().readAllBytes();
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			byte[] body = "snappy".equals(encoding) ? Snappy.uncompress(raw)
					: "gzip".equals(encoding) ? gunzip(raw) : raw;
			String subject = null;
			if (exchange instanceof HttpsExchange https) {
				try {
					subject = ((X509Certificate) https.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal()
						.getName();
				}
				catch (javax.net.ssl.SSLPeerUnverifiedException ex) {
					subject = null;
				}
			}
			Request request = new Request(Instant.now(), exchange.getRequestURI().getPath(),
					Map.copyOf(exchange.getRequestHeaders()), body, subject);
			requests.add(request);
			Function<Request, Answer> next;
			synchronized (this) {
				next = script.isEmpty() ? fallback : script.pollFirst();
			}
			Answer answer = next.apply(request);
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			if (answer.body().length == 0) {
				exchange.sendResponseHeaders(answer.status(), -1);
			}
			else {
				exchange.sendResponseHeaders(answer.status(), answer.body().length);
				exchange.getResponseBody().write(answer.body());
			}
		}
	}

	private static byte[] gunzip(byte[] raw) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
			return in.readAllBytes();
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
