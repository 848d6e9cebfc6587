package io.containermonitor.agent.web;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

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

	AgentHeadersFilter(NodeIdentity identity) {
		this.serverName = identity.hostname();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		String requestId = exchange.getRequest().getHeaders().getFirst("x-request-id");
		String id = requestId != null ? requestId : UUID.randomUUID().toString();
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set(HttpHeaders.DATE,
					DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
			headers.set(HttpHeaders.SERVER, "cmon-agent");
			headers.set("x-request-id", id);
			headers.set("x-response-time", Long.toString((System.nanoTime() - start) / 1_000_000));
			headers.set("x-server-name", serverName);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
