package io.containermonitor.discovery.standalone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.discovery.DiscoveryProperties;
import io.containermonitor.discovery.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where agents register: {@code PUT /v1/registry/servers/{server_uuid}} with the shared agent
 * token, the node and its full container list. Answers the heartbeat interval the agent must
 * keep.
 */
@RestController
@ConditionalOnRegistry
class RegistryController {

	private static final String BEARER = "Bearer ";

	private final AgentRegistry registry;

	private final NodeReportParser parser;

	private final byte[] agentToken;

	private final Duration heartbeatInterval;

	private final RegistryMetrics metrics;

	RegistryController(AgentRegistry registry, NodeReportParser parser, RegistryMetrics metrics,
			DiscoveryProperties properties) {
		this.registry = registry;
		this.parser = parser;
		this.metrics = metrics;
		this.agentToken = properties.registry().agentToken().getBytes(StandardCharsets.UTF_8);
		this.heartbeatInterval = properties.registry().heartbeatInterval();
	}

	@PutMapping(path = "/v1/registry/servers/{serverUuid}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> report(@PathVariable String serverUuid,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody(required = false) String body) {
		NodeReport report;
		try {
			authenticate(authorization);
			UUID server = TritonUuid.parseLenient(serverUuid)
				.orElseThrow(() -> ApiException.invalidArgument("server_uuid is not a UUID: '" + serverUuid + "'"));
			report = parser.parse(server, body);
		}
		catch (InvalidNodeReportException ex) {
			metrics.refused();
			throw ApiException.invalidArgument(ex.getMessage());
		}
		catch (ApiException ex) {
			metrics.refused();
			throw ex;
		}
		registry.report(report);
		metrics.accepted();
		// Whole seconds for the agent, never 0; the exact interval in milliseconds beside it.
		long seconds = Math.max(1, (heartbeatInterval.toMillis() + 999) / 1000);
		return Map.of("heartbeat_interval_seconds", seconds, "heartbeat_interval_ms", heartbeatInterval.toMillis());
	}

	/** Deregisters a decommissioned node: its VMs are destroyed (change-feed items go out). */
	@DeleteMapping(path = "/v1/registry/servers/{serverUuid}")
	ResponseEntity<Void> forget(@PathVariable String serverUuid,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		authenticate(authorization);
		UUID server = TritonUuid.parseLenient(serverUuid)
			.orElseThrow(() -> ApiException.invalidArgument("server_uuid is not a UUID: '" + serverUuid + "'"));
		if (!registry.forget(server)) {
			throw ApiException.notFound("server " + server + " is not registered");
		}
		return ResponseEntity.noContent().build();
	}

	private void authenticate(String authorization) {
		if (authorization == null || !authorization.startsWith(BEARER) || !MessageDigest.isEqual(agentToken,
				authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
			throw ApiException.unauthorized("a valid agent token is required");
		}
	}

}
