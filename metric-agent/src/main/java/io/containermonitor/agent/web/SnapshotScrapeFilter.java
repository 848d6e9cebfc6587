package io.containermonitor.agent.web;

import java.util.Optional;
import java.util.UUID;

import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.sweep.ScrapeAnswer;
import io.containermonitor.agent.sweep.Sweep;
import io.containermonitor.core.vm.TritonUuid;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers a container scrape whose snapshot is fresh right here, on the event loop, with
 * the snapshot's bytes: the usual scrape, sent without going through handler mapping,
 * argument resolution and content negotiation, which cost more than the answer. Anything
 * else ({@code gz}, an unknown or stopped container, the {@code x-joyent-cmon-opts}
 * header to check, a container that must be read first) goes on to
 * {@link MetricsController}, which answers exactly as before.
 */
@Component
class SnapshotScrapeFilter implements WebFilter, Ordered {

	/** Right after {@link AgentHeadersFilter}, so that its headers are on these answers too. */
	public static final int ORDER = AgentHeadersFilter.ORDER + 1;

	private static final String PREFIX = "/v1/";

	private static final String SUFFIX = "/metrics";

	private final Sweep sweep;

	SnapshotScrapeFilter(Sweep sweep) {
		this.sweep = sweep;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Optional<UUID> container = containerOf(request);
		if (container.isEmpty()) {
			return chain.filter(exchange);
		}
		boolean gzip = AcceptEncoding.allowsGzip(request.getHeaders().getFirst(HttpHeaders.ACCEPT_ENCODING));
		Optional<ScrapeAnswer> now = sweep.answerNow(container.get(), gzip);
		if (now.isEmpty() || !now.get().found()) {
			return chain.filter(exchange);
		}
		ScrapeAnswer answer = now.get();
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, MetricsController.PROMETHEUS_TEXT_VALUE);
		headers.set(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		if (answer.gzip()) {
			headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		headers.setContentLength(answer.body().length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
	}

	/** The container a plain {@code GET /v1/<uuid>/metrics} asks for; empty for anything else. */
	private static Optional<UUID> containerOf(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.GET || request.getHeaders().containsHeader(CmonOpts.HEADER)) {
			return Optional.empty();
		}
		String path = request.getPath().value();
		if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
			return Optional.empty();
		}
		String segment = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
		if (segment.equals(Target.NODE_KEY) || segment.indexOf('/') >= 0) {
			return Optional.empty();
		}
		return TritonUuid.parse(segment);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
