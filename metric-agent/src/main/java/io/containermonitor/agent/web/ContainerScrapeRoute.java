package io.containermonitor.agent.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.sweep.ScrapeAnswer;
import io.containermonitor.agent.sweep.Sweep;
import io.containermonitor.core.vm.TritonUuid;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves a container's scrape, {@code GET /v1/<vm_uuid>/metrics}, straight from Reactor Netty,
 * ahead of WebFlux: every scrape of every container passes here, and WebFlux's exchange, filter
 * chain, handler mapping, argument resolution, content negotiation and request observation cost
 * several times the answer, which is a snapshot's bytes. A fresh snapshot is answered on the
 * event loop; a scrape that must wait for a reading moves to a worker thread. The answers are
 * {@link MetricsController}'s: the same status, body, {@code Content-Type}, {@code Vary},
 * {@code Content-Encoding} and cmon-agent's headers ({@link AgentResponseHeaders}). Requests
 * that carry {@code x-joyent-cmon-opts} (to validate), name {@code gz} or a malformed uuid go on
 * to WebFlux.
 */
class ContainerScrapeRoute implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final String PREFIX = "/v1/";

	private static final String SUFFIX = "/metrics";

	private static final byte[] NOT_FOUND = AgentErrorHandler.CONTAINER_NOT_FOUND.plainJson()
		.getBytes(StandardCharsets.UTF_8);

	private final Sweep sweep;

	private final AgentResponseHeaders agentHeaders;

	ContainerScrapeRoute(Sweep sweep, AgentResponseHeaders agentHeaders) {
		this.sweep = sweep;
		this.agentHeaders = agentHeaders;
	}

	/** Whether this route answers the request; see the class comment for what goes on to WebFlux. */
	static boolean isContainerScrape(HttpServerRequest request) {
		return HttpMethod.GET.equals(request.method()) && !request.requestHeaders().contains(CmonOpts.HEADER)
				&& containerOf(request.uri()).isPresent();
	}

	/** The container a {@code /v1/<uuid>/metrics} path (a query allowed and ignored) names. */
	static Optional<UUID> containerOf(String uri) {
		int query = uri.indexOf('?');
		String path = query < 0 ? uri : uri.substring(0, query);
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
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		UUID container = containerOf(request.uri()).orElseThrow();
		HttpHeaders requestHeaders = request.requestHeaders();
		boolean gzip = AcceptEncoding.allowsGzip(requestHeaders.get(HttpHeaderNames.ACCEPT_ENCODING));
		String requestId = requestHeaders.get(AgentResponseHeaders.REQUEST_ID);
		Optional<ScrapeAnswer> now = sweep.answerNow(container, gzip);
		if (now.isPresent()) {
			return send(response, now.get(), requestId, start);
		}
		return Mono.fromCallable(() -> sweep.answerReading(container, gzip))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(answer -> send(response, answer, requestId, start));
	}

	private Mono<Void> send(HttpServerResponse response, ScrapeAnswer answer, String requestId, long start) {
		HttpHeaders headers = response.responseHeaders();
		agentHeaders.apply(requestId, start, headers::set);
		byte[] body;
		if (answer.found()) {
			response.status(HttpResponseStatus.OK);
			headers.set(HttpHeaderNames.CONTENT_TYPE, MetricsController.PROMETHEUS_TEXT_VALUE);
			headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
			if (answer.gzip()) {
				headers.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
			}
			body = answer.body();
		}
		else {
			response.status(HttpResponseStatus.NOT_FOUND);
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			body = NOT_FOUND;
		}
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return response.send(Mono.just(Unpooled.wrappedBuffer(body))).then();
	}

}
