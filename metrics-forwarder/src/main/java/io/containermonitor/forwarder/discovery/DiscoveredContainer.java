package io.containermonitor.forwarder.discovery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One element of {@code /v1/discover}'s {@code containers}: the fields Prometheus'
 * Triton SD reads; CMON's other fields are ignored, as Prometheus does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DiscoveredContainer(@JsonProperty("vm_uuid") String vmUuid, @JsonProperty("vm_alias") String vmAlias,
		@JsonProperty("vm_brand") String vmBrand, @JsonProperty("vm_image_uuid") String vmImageUuid,
		@JsonProperty("server_uuid") String serverUuid, @JsonProperty("groups") List<String> groups) {
}
