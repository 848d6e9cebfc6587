package io.containermonitor.agent.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.vm.AppEndpoint;

/**
 * One {@code GET} of an application's metrics over a socket already made for it, within the
 * limits: the connect timeout, one deadline for the whole exchange (every read waits at most
 * until it), the body size and the sample count. HTTP/1.0 with {@code Connection: close}, so
 * the answer is delimited by its {@code Content-Length} or the end of the connection, never
 * chunked; {@code Accept-Encoding: identity}, so it is never compressed (a compressed answer
 * could not be bounded before it is inflated).
 */
final class AppExchange {

	/** The head of an answer longer than this is not an exporter's. */
	static final int MAX_HEAD = 16 * 1024;

	/** Prometheus' own scrape {@code Accept}, for the text formats only (protobuf is not asked for). */
	private static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
			+ "text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

	/** Content types passed on as the application gave them; anything else is served as Prometheus text. */
	private static final Pattern TEXT_TYPE = Pattern
		.compile("(text/plain|application/openmetrics-text)(\\s*;\\s*[A-Za-z0-9._-]+=[A-Za-z0-9._\"-]+)*");

	private final AgentProperties.App limits;

	AppExchange(AgentProperties.App limits) {
		this.limits = limits;
	}

	AppAnswer get(SocketChannel channel, InetSocketAddress address, AppEndpoint endpoint)
			throws AppScrapeException {
		long deadline = System.nanoTime() + limits.timeout().toNanos();
		Socket socket = channel.socket();
		try (channel) {
			connect(socket, address);
			OutputStream out = socket.getOutputStream();
			out.write(request(address, endpoint));
			out.flush();
			return read(socket, deadline);
		}
		catch (SocketTimeoutException ex) {
			throw new AppScrapeException(AppScrapeFailure.TIMEOUT,
					"application did not answer within " + limits.timeout().toMillis() + " ms", ex);
		}
		catch (IOException ex) {
			throw new AppScrapeException(AppScrapeFailure.CLOSED_EARLY,
					"connection to the application failed: " + ex.getMessage(), ex);
		}
	}

	private void connect(Socket socket, InetSocketAddress address) throws AppScrapeException, IOException {
		try {
			socket.connect(address, (int) Math.max(1, limits.connectTimeout().toMillis()));
		}
		catch (SocketTimeoutException ex) {
			throw new AppScrapeException(AppScrapeFailure.TIMEOUT,
					"application did not accept a connection on port " + address.getPort() + " within "
							+ limits.connectTimeout().toMillis() + " ms", ex);
		}
		catch (ConnectException ex) {
			throw new AppScrapeException(AppScrapeFailure.REFUSED,
					"nothing accepts connections on port " + address.getPort() + " in the container", ex);
		}
	}

	private static byte[] request(InetSocketAddress address, AppEndpoint endpoint) {
		return ("GET " + endpoint.path() + " HTTP/1.0\r\n" + "Host: " + address.getHostString() + ":"
				+ address.getPort() + "\r\n" + "Accept: " + ACCEPT + "\r\n" + "Accept-Encoding: identity\r\n"
				+ "Connection: close\r\n" + "User-Agent: cmon-agent\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private AppAnswer read(Socket socket, long deadline) throws AppScrapeException, IOException {
		InputStream in = socket.getInputStream();
		byte[] head = new byte[MAX_HEAD];
		int filled = 0;
		int headEnd;
		while ((headEnd = headEnd(head, filled)) < 0) {
			if (filled == head.length) {
				throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE,
						"the application's answer headers are longer than " + MAX_HEAD + " bytes");
			}
			int n = readBefore(deadline, socket, in, head, filled, head.length - filled);
			if (n < 0) {
				throw new AppScrapeException(AppScrapeFailure.CLOSED_EARLY,
						"the application closed the connection before its answer's headers ended");
			}
			filled += n;
		}
		Head parsed = Head.parse(new String(head, 0, headEnd, StandardCharsets.ISO_8859_1));
		long max = limits.maxBodySize().toBytes();
		if (parsed.contentLength() > max) {
			throw tooLarge();
		}
		int expected = (int) Math.min(parsed.contentLength() < 0 ? max : parsed.contentLength(), max);
		int initial = parsed.contentLength() >= 0 ? expected : (int) Math.min(max, 64 * 1024);
		byte[] body = new byte[Math.max(initial, filled - headEnd - 4)];
		int length = filled - headEnd - 4;
		System.arraycopy(head, headEnd + 4, body, 0, length);
		if (parsed.contentLength() < 0 && length > max) {
			throw tooLarge();
		}
		while (parsed.contentLength() < 0 || length < parsed.contentLength()) {
			if (length == body.length) {
				if (body.length >= max) {
					// one byte more than allowed proves it too large
					if (readBefore(deadline, socket, in, new byte[1], 0, 1) < 0) {
						break;
					}
					throw tooLarge();
				}
				body = Arrays.copyOf(body, (int) Math.min(max, (long) body.length * 2));
			}
			int n = readBefore(deadline, socket, in, body, length, body.length - length);
			if (n < 0) {
				if (parsed.contentLength() >= 0) {
					throw new AppScrapeException(AppScrapeFailure.CLOSED_EARLY, "the application closed the connection after "
							+ length + " of " + parsed.contentLength() + " bytes");
				}
				break;
			}
			length += n;
		}
		if (parsed.contentLength() >= 0 && length > parsed.contentLength()) {
			length = (int) parsed.contentLength();
		}
		int samples = SampleLines.count(body, length, limits.maxSamples());
		if (samples > limits.maxSamples()) {
			throw new AppScrapeException(AppScrapeFailure.TOO_MANY_SAMPLES,
					"the application's answer has more than " + limits.maxSamples() + " samples");
		}
		return new AppAnswer(body, length, samples, parsed.contentType());
	}

	private AppScrapeException tooLarge() {
		return new AppScrapeException(AppScrapeFailure.TOO_LARGE,
				"the application's answer is larger than " + limits.maxBodySize().toBytes() + " bytes");
	}

	/** Reads at most until the deadline; a read that would wait longer times out. */
	private int readBefore(long deadline, Socket socket, InputStream in, byte[] into, int offset, int length)
			throws AppScrapeException, IOException {
		long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
		if (remainingMillis <= 0) {
			throw new AppScrapeException(AppScrapeFailure.TIMEOUT,
					"application did not answer within " + limits.timeout().toMillis() + " ms");
		}
		socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
		return in.read(into, offset, length);
	}

	private static int headEnd(byte[] head, int filled) {
		for (int i = 0; i + 3 < filled; i++) {
			if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/**
	 * What the answer's head says.
	 *
	 * @param contentLength its {@code Content-Length}, or -1 when it has none
	 * @param contentType the type to serve the body with
	 */
	record Head(long contentLength, String contentType) {

		static Head parse(String head) throws AppScrapeException {
			String[] lines = head.split("\r\n");
			String[] status = lines[0].split(" ", 3);
			if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
				throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE, "the application's answer is not HTTP");
			}
			if (!status[1].equals("200")) {
				throw new AppScrapeException(AppScrapeFailure.ERROR_STATUS,
						"the application answered " + sanitized(status[1]));
			}
			long contentLength = -1;
			String contentType = PrometheusTextWriter.CONTENT_TYPE;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon <= 0) {
					throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE,
							"the application's answer has a malformed header line");
				}
				String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = lines[i].substring(colon + 1).trim();
				switch (name) {
					case "content-length" -> contentLength = contentLength(value);
					case "content-type" -> {
						if (TEXT_TYPE.matcher(value).matches()) {
							contentType = value;
						}
					}
					case "transfer-encoding" -> {
						if (!value.equalsIgnoreCase("identity")) {
							throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE,
									"the application sent a " + sanitized(value) + " answer to an HTTP/1.0 request");
						}
					}
					case "content-encoding" -> {
						if (!value.equalsIgnoreCase("identity")) {
							throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE, "the application sent a "
									+ sanitized(value) + "-encoded answer though asked for identity");
						}
					}
					default -> {
					}
				}
			}
			return new Head(contentLength, contentType);
		}

		private static long contentLength(String value) throws AppScrapeException {
			if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
				throw new AppScrapeException(AppScrapeFailure.BAD_RESPONSE,
						"the application's answer has a malformed Content-Length");
			}
			return Long.parseLong(value);
		}

		/** What of the tenant's text may go into a message: short, printable ASCII. */
		private static String sanitized(String text) {
			String cut = text.length() > 32 ? text.substring(0, 32) : text;
			return cut.replaceAll("[^\\x20-\\x7e]", "?");
		}

	}

}
