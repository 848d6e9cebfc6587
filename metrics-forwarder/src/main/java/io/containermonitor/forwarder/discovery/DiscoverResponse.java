package io.containermonitor.forwarder.discovery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of {@code GET /v1/discover}: {@code {"containers":[...]}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DiscoverResponse(List<DiscoveredContainer> containers) {
}
