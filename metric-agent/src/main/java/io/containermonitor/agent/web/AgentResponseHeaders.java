package io.containermonitor.agent.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

import io.containermonitor.agent.NodeIdentity;

import org.springframework.stereotype.Component;

/**
 * The response headers cmon-agent sets on every response (reference 1): {@code Date},
 * {@code Server: cmon-agent}, {@code x-request-id} (the request's own, or a new one),
 * {@code x-response-time} (ms) and {@code x-server-name} (host name). One source for both
 * ways a response leaves the agent: WebFlux ({@link AgentHeadersFilter}) and the scrape
 * route ({@link ContainerScrapeRoute}).
 */
@Component
public class AgentResponseHeaders {

	public static final String REQUEST_ID = "x-request-id";

	private final String serverName;

	private volatile CachedDate cachedDate;

	public AgentResponseHeaders(NodeIdentity identity) {
		this.serverName = identity.hostname();
	}

	/**
	 * Sets every header through {@code set}.
	 *
	 * @param requestId the request's {@code x-request-id}, or {@code null} for a new one
	 * @param startNanos {@link System#nanoTime()} when the request arrived
	 */
	public void apply(String requestId, long startNanos, BiConsumer<String, String> set) {
		set.accept("Date", date());
		set.accept("Server", "cmon-agent");
		set.accept(REQUEST_ID, requestId != null ? requestId : randomRequestId());
		set.accept("x-response-time", Long.toString((System.nanoTime() - startNanos) / 1_000_000));
		set.accept("x-server-name", serverName);
	}

	/**
	 * A version 4 uuid from a fast generator: a request id only tells requests apart in
	 * logs, so it needs no cryptographic randomness (UUID.randomUUID's SecureRandom was a
	 * measurable part of a snapshot scrape).
	 */
	static String randomRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
		long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(msb, lsb).toString();
	}

	/** The {@code Date} header, formatted once per second rather than per response. */
	private String date() {
		long second = System.currentTimeMillis() / 1000;
		CachedDate cached = this.cachedDate;
		if (cached == null || cached.second() != second) {
			cached = new CachedDate(second, DateTimeFormatter.RFC_1123_DATE_TIME
				.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC)));
			this.cachedDate = cached;
		}
		return cached.text();
	}

	private record CachedDate(long second, String text) {
	}

}
