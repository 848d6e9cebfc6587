package io.containermonitor.agent.app;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import io.containermonitor.agent.container.Container;
import io.containermonitor.agent.container.ContainerDirectory;
import io.containermonitor.agent.web.ErrorBody;
import io.containermonitor.core.vm.AppEndpoint;
import io.containermonitor.core.vm.TritonUuid;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/<vm_uuid>/app/metrics}: the metrics of the application inside a container that
 * declares one, as the application served them (checked, never merged into the agent's own
 * {@code /v1/<vm_uuid>/metrics}, so it cannot forge CMON's series). A container that is unknown,
 * stopped or declares nothing is the same 404 as an unknown container; a failed scrape is 502
 * (503 when the node's limit is reached, 504 when too slow) with {@code {"code","message"}}.
 */
@RestController
@Conditional(LinuxBackendCondition.class)
class AppMetricsController {

	/** The endpoint the proxy read from the VM's tags (Triton mode); the agent's own label wins. */
	static final String ENDPOINT_HEADER = "x-cmon-app-endpoint";

	private final ContainerDirectory containers;

	private final AppScraper scraper;

	AppMetricsController(ContainerDirectory containers, AppScraper scraper) {
		this.containers = containers;
		this.scraper = scraper;
	}

	@GetMapping("/v1/{container}/app/metrics")
	Mono<ResponseEntity<?>> metrics(@PathVariable String container,
			@RequestHeader(name = ENDPOINT_HEADER, required = false) String endpoint) {
		Optional<UUID> uuid = TritonUuid.parse(container);
		if (uuid.isEmpty()) {
			return Mono.just(error(HttpStatus.BAD_REQUEST, "BadRequest",
					"container must be a VM uuid: '" + container + "'"));
		}
		Optional<Container> found = containers.findKnown(uuid.get()).filter(Container::running);
		if (found.isEmpty()) {
			return Mono.just(failure(new AppScrapeException(AppScrapeFailure.NOT_DECLARED, "container not found")));
		}
		return Mono.fromFuture(() -> scraper.scrape(found.get(), AppEndpoint.fromHeader(endpoint)), true)
			.<ResponseEntity<?>>map(AppMetricsController::ok)
			.onErrorResume(ex -> Mono.just(failure(ex)));
	}

	private static ResponseEntity<?> ok(AppAnswer answer) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, answer.contentType())
			.contentLength(answer.length())
			.body(answer.bytes());
	}

	private static ResponseEntity<?> failure(Throwable ex) {
		Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
		if (cause instanceof AppScrapeException scrape) {
			return error(scrape.failure().status(), scrape.failure().code(), scrape.getMessage());
		}
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError", "Internal error");
	}

	private static ResponseEntity<ErrorBody> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ErrorBody(code, message));
	}
}
