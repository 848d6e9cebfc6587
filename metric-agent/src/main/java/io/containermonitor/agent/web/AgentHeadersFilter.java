package io.containermonitor.agent.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.containermonitor.agent.NodeIdentity;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The response headers cmon-agent sets on every response (reference 1): {@code Date},
 * {@code Server: cmon-agent}, {@code x-request-id}, {@code x-response-time} (ms) and
 * {@code x-server-name} (host name).
 */
@Component
class AgentHeadersFilter implements WebFilter, Ordered {

	/** Runs first, so even errors carry the headers. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final String serverName;

	private volatile CachedDate cachedDate;

	AgentHeadersFilter(NodeIdentity identity) {
		this.serverName = identity.hostname();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		String requestId = exchange.getRequest().getHeaders().getFirst("x-request-id");
		String id = requestId != null ? requestId : randomRequestId();
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set(HttpHeaders.DATE, date());
			headers.set(HttpHeaders.SERVER, "cmon-agent");
			headers.set("x-request-id", id);
			headers.set("x-response-time", Long.toString((System.nanoTime() - start) / 1_000_000));
			headers.set("x-server-name", serverName);
			return Mono.empty();
		});
		return chain.filter(exchange);
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

	@Override
	public int getOrder() {
		return ORDER;
	}

}
