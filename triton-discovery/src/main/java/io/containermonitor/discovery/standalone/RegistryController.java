package io.containermonitor.discovery.standalone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.discovery.DiscoveryProperties;
import io.containermonitor.discovery.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * keep and {@code vms_digest}, the digest of that push. An agent that got a digest may then
 * heartbeat with {@code PUT /v1/registry/servers/{server_uuid}/heartbeat} and
 * {@code {"vms_digest":"..."}} alone while its list is unchanged: 200 as for a push, or 409
 * {@code DigestMismatch} when the registry needs the full list again (it restarted, the node was
 * marked down, or it holds another push). A full push identical to the last one (agents of the
 * first protocol send one every interval) is recognised by its digest and not parsed again.
 */
@RestController
@ConditionalOnRegistry
class RegistryController {

	private static final String BEARER = "Bearer ";

	private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-f]{64}");

	private final ObjectMapper mapper;

	private final AgentRegistry registry;

	private final NodeReportParser parser;

	private final byte[] agentToken;

	private final Duration heartbeatInterval;

	private final RegistryMetrics metrics;

	RegistryController(AgentRegistry registry, NodeReportParser parser, RegistryMetrics metrics,
			DiscoveryProperties properties, ObjectMapper mapper) {
		this.registry = registry;
		this.mapper = mapper;
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
		String digest;
		try {
			authenticate(authorization);
			UUID server = TritonUuid.parseLenient(serverUuid)
				.orElseThrow(() -> ApiException.invalidArgument("server_uuid is not a UUID: '" + serverUuid + "'"));
			digest = digest(body);
			if (registry.heartbeat(server, digest)) {
				metrics.accepted();
				return answer(digest);
			}
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
		registry.report(report, digest);
		metrics.accepted();
		return answer(digest);
	}

	/** A heartbeat by digest: 200 while the registry holds that push, else 409 (send the list). */
	@PutMapping(path = "/v1/registry/servers/{serverUuid}/heartbeat", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> heartbeat(@PathVariable String serverUuid,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody(required = false) String body) {
		UUID server;
		String digest;
		try {
			authenticate(authorization);
			server = TritonUuid.parseLenient(serverUuid)
				.orElseThrow(() -> ApiException.invalidArgument("server_uuid is not a UUID: '" + serverUuid + "'"));
			digest = heartbeatDigest(body);
		}
		catch (ApiException ex) {
			metrics.refused();
			throw ex;
		}
		if (!registry.heartbeat(server, digest)) {
			metrics.resend();
			throw new ApiException(HttpStatus.CONFLICT, "DigestMismatch",
					"server " + server + ": the registry does not hold this list; PUT the full list");
		}
		metrics.accepted();
		return answer(digest);
	}

	private Map<String, Object> answer(String digest) {
		// Whole seconds for the agent, never 0; the exact interval in milliseconds beside it.
		long seconds = Math.max(1, (heartbeatInterval.toMillis() + 999) / 1000);
		return Map.of("heartbeat_interval_seconds", seconds, "heartbeat_interval_ms", heartbeatInterval.toMillis(),
				"vms_digest", digest);
	}

	/** SHA-256 of the push as sent, hex: the agent's list is the same push when it sends the same bytes. */
	static String digest(String body) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private String heartbeatDigest(String body) {
		JsonNode node;
		try {
			node = mapper.readTree(body == null ? "" : body);
		}
		catch (JacksonException ex) {
			throw ApiException.invalidArgument("body is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode digest = node == null ? null : node.get("vms_digest");
		if (digest == null || !digest.isString() || !HEX_DIGEST.matcher(digest.asString()).matches()) {
			throw ApiException.invalidArgument("vms_digest must be the 64 hex digits a push answered");
		}
		return digest.asString();
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
