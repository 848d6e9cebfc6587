package io.containermonitor.agent.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.core.vm.AppEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One exchange with a real socket server on this host's loopback that answers canned bytes. */
class AppExchangeTests {

	private final AgentProperties.App limits = TestProperties
		.bind(Map.of("cmon.agent.app.timeout", "1s", "cmon.agent.app.max-body-size", "1KB",
				"cmon.agent.app.max-samples", "3"))
		.app();

	private final AppExchange exchange = new AppExchange(limits);

	private final AtomicReference<String> request = new AtomicReference<>();

	private ServerSocket server;

	@AfterEach
	void close() throws IOException {
		if (server != null) {
			server.close();
		}
	}

	/** Serves one connection: reads the request head, writes {@code answer}, closes. */
	private int serve(String answer) throws IOException {
		close();
		server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(() -> {
			try (Socket socket = server.accept()) {
				InputStream in = socket.getInputStream();
				StringBuilder head = new StringBuilder();
				while (!head.toString().endsWith("\r\n\r\n")) {
					int b = in.read();
					if (b < 0) {
						break;
					}
					head.append((char) b);
				}
				request.set(head.toString());
				OutputStream out = socket.getOutputStream();
				out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (IOException ex) {
				// the client gave up first
			}
		});
		thread.setDaemon(true);
		thread.start();
		return server.getLocalPort();
	}

	private AppAnswer get(int port) throws Exception {
		return exchange.get(SocketChannel.open(), new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
				new AppEndpoint(port, "/metrics?x=1"));
	}

	private AppScrapeFailure failure(String answer) throws Exception {
		int port = serve(answer);
		try {
			get(port);
		}
		catch (AppScrapeException ex) {
			return ex.failure();
		}
		throw new AssertionError("no failure for " + answer);
	}

	@Test
	void asksWithHttp10ForUncompressedText() throws Exception {
		AppAnswer answer = get(serve("HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n\r\na 1\nb 2\n"));
		assertThat(new String(answer.body(), 0, answer.length(), StandardCharsets.UTF_8)).isEqualTo("a 1\nb 2\n");
		assertThat(answer.samples()).isEqualTo(2);
		assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4");
		assertThat(request.get()).startsWith("GET /metrics?x=1 HTTP/1.0\r\n")
			.contains("\r\nAccept-Encoding: identity\r\n")
			.contains("\r\nConnection: close\r\n");
	}

	@Test
	void aContentLengthEndsTheBodyAndCommentsAreNoSamples() throws Exception {
		AppAnswer answer = get(serve("HTTP/1.1 200 OK\r\nContent-Length: 29\r\n\r\n# HELP a x\n# TYPE a gauge\na 1\ntrailing"));
		assertThat(new String(answer.body(), 0, answer.length(), StandardCharsets.UTF_8))
			.isEqualTo("# HELP a x\n# TYPE a gauge\na 1");
		assertThat(answer.samples()).isEqualTo(1);
	}

	@Test
	void anyOtherContentTypeIsServedAsPrometheusText() throws Exception {
		AppAnswer answer = get(serve("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\na 1\n"));
		assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
		answer = get(serve("HTTP/1.0 200 OK\r\nContent-Type: application/openmetrics-text; version=1.0.0\r\n\r\na 1\n# EOF\n"));
		assertThat(answer.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0");
	}

	@Test
	void badAnswersAreBadGateways() throws Exception {
		assertThat(failure("HTTP/1.0 500 Oops\r\n\r\n")).isEqualTo(AppScrapeFailure.ERROR_STATUS);
		assertThat(failure("SSH-2.0-OpenSSH\r\n\r\n")).isEqualTo(AppScrapeFailure.BAD_RESPONSE);
		assertThat(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na 1\r\n0\r\n\r\n"))
			.isEqualTo(AppScrapeFailure.BAD_RESPONSE);
		assertThat(failure("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nxx")).isEqualTo(AppScrapeFailure.BAD_RESPONSE);
		assertThat(failure("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).isEqualTo(AppScrapeFailure.BAD_RESPONSE);
		assertThat(failure("HTTP/1.1 200 OK\r\nX: " + "y".repeat(AppExchange.MAX_HEAD) + "\r\n\r\n"))
			.isEqualTo(AppScrapeFailure.BAD_RESPONSE);
		assertThat(failure("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\na 1\n")).isEqualTo(AppScrapeFailure.CLOSED_EARLY);
		assertThat(failure("HTTP/1.1 200")).isEqualTo(AppScrapeFailure.CLOSED_EARLY);
	}

	@Test
	void limitsAreBadGateways() throws Exception {
		assertThat(failure("HTTP/1.0 200 OK\r\nContent-Length: 5000\r\n\r\n")).isEqualTo(AppScrapeFailure.TOO_LARGE);
		assertThat(failure("HTTP/1.0 200 OK\r\n\r\n" + "a 1\n".repeat(300))).isEqualTo(AppScrapeFailure.TOO_LARGE);
		assertThat(failure("HTTP/1.0 200 OK\r\n\r\na 1\nb 1\nc 1\nd 1\n")).isEqualTo(AppScrapeFailure.TOO_MANY_SAMPLES);
	}

	@Test
	void aClosedPortIsRefused() throws Exception {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		int free = port;
		assertThatThrownBy(() -> get(free)).isInstanceOfSatisfying(AppScrapeException.class,
				ex -> assertThat(ex.failure()).isEqualTo(AppScrapeFailure.REFUSED));
	}

	@Test
	void sampleLinesSkipBlankAndCommentLines() {
		byte[] text = "# HELP a x\n\n  a 1\r\n\t# c\nb{x=\"#\"} 2\nc 3".getBytes(StandardCharsets.UTF_8);
		assertThat(SampleLines.count(text, text.length, 100)).isEqualTo(3);
		assertThat(SampleLines.count(text, text.length, 1)).isEqualTo(2);
	}

}
