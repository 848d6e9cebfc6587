package io.containermonitor.discovery.standalone;

import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change feed's plain HTTP side: {@code GET /changefeeds}, the probe a listener makes
 * before upgrading (an object keyed by resource name), and {@code GET /changefeeds/stats}.
 */
@RestController
@ConditionalOnRegistry
class ChangeFeedController {

	private final ChangeFeedPublisher publisher;

	ChangeFeedController(ChangeFeedPublisher publisher) {
		this.publisher = publisher;
	}

	@GetMapping(path = "/changefeeds", produces = MediaType.APPLICATION_JSON_VALUE)
	JsonNode resources() {
		return publisher.resources();
	}

	@GetMapping(path = "/changefeeds/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	JsonNode stats() {
		return publisher.stats();
	}

}
