package io.containermonitor.agent.web;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TargetScraper;
import io.containermonitor.agent.container.ContainerDirectory;
import io.containermonitor.agent.sweep.ScrapeAnswer;
import io.containermonitor.agent.sweep.Sweep;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.vm.TritonUuid;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * cmon-agent's HTTP API (reference 1): {@code GET /v1/<vm_uuid>/metrics},
 * {@code GET /v1/gz/metrics}, {@code POST /v1/refresh}; plus {@code GET /v1/ping}.
 * Kernel files are read on bounded-elastic threads, never on the event loop.
 */
@RestController
class MetricsController {

	static final String PROMETHEUS_TEXT_VALUE = PrometheusTextWriter.CONTENT_TYPE;

	private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType(PROMETHEUS_TEXT_VALUE);

	private final TargetScraper scraper;

	private final Sweep sweep;

	private final ContainerDirectory inventory;

	MetricsController(TargetScraper scraper, Sweep sweep, ContainerDirectory inventory) {
		this.scraper = scraper;
		this.sweep = sweep;
		this.inventory = inventory;
	}

	/**
	 * A container's scrape is answered on the event loop when its snapshot is fresh (the
	 * usual case: the sweep read it just before); only a scrape that must wait for a reading
	 * moves to a worker thread.
	 */
	@GetMapping("/v1/{container}/metrics")
	Mono<ResponseEntity<?>> metrics(@PathVariable String container,
			@RequestHeader(name = CmonOpts.HEADER, required = false) String opts,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
		if (opts != null) {
			CmonOpts.decode(opts);
		}
		if (Target.NODE_KEY.equals(container)) {
			return Mono.fromCallable(scraper::scrapeNode).subscribeOn(Schedulers.boundedElastic()).map(this::ok);
		}
		UUID uuid = TritonUuid.parse(container)
			.orElseThrow(() -> new BadRequestException("container must be a VM uuid or gz: '" + container + "'"));
		boolean gzip = AcceptEncoding.allowsGzip(acceptEncoding);
		Optional<ScrapeAnswer> now = sweep.answerNow(uuid, gzip);
		Mono<ScrapeAnswer> answer = now.map(Mono::just)
			.orElseGet(() -> Mono.fromCallable(() -> sweep.answerReading(uuid, gzip))
				.subscribeOn(Schedulers.boundedElastic()));
		return answer.map(a -> {
			if (!a.found()) {
				throw new ContainerNotFoundException(container);
			}
			return ok(a);
		});
	}

	/** Kept for compatibility; cmon-agent's is a no-op. Here it re-scans for containers at once. */
	@PostMapping("/v1/refresh")
	Mono<ResponseEntity<Void>> refresh() {
		return Mono.fromRunnable(inventory::refresh)
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.just(ResponseEntity.ok().build()));
	}

	@GetMapping(path = "/v1/ping", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> ping() {
		return Map.of("ping", "pong", "containers", inventory.all().size());
	}

	private ResponseEntity<?> ok(String text) {
		return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(text);
	}

	/** The body is sent as it is: gzip made once per snapshot, never compressed again by the server. */
	private ResponseEntity<?> ok(ScrapeAnswer answer) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(PROMETHEUS_TEXT).header(HttpHeaders.VARY,
				HttpHeaders.ACCEPT_ENCODING);
		if (answer.gzip()) {
			ok.header(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		return ok.body(answer.body());
	}

}
