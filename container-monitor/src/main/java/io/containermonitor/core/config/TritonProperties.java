package io.containermonitor.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where a service finds Triton's APIs (or, in standalone mode, triton-discovery,
 * which serves the same protocol) and how it follows them.
 *
 * @param vmapiUrl VMAPI base URL, e.g. {@code http://vmapi.us-east-1.example.com}; unset: no inventory sync
 * @param cnapiUrl CNAPI base URL; unset: compute nodes are not polled
 * @param instanceUuid this process's change-feed instance uuid; unset: a random one per start
 * @param service the service name sent in the change-feed registration
 * @param subResources the VM sub-resources to subscribe to (must include state and destroyed)
 * @param pageSize VMAPI listing page size (1 to 1000)
 * @param reconcileInterval how often a full VMAPI listing backs up the change feed
 * @param serverPollInterval how often CNAPI is polled for compute nodes
 * @param agentPort the metric agent's port on every compute node
 * @param readConcurrency at most this many VMAPI reads of changed VMs at once
 * @param changeFeed the change-feed connection
 * @param http timeouts of every call to VMAPI and CNAPI
 */
@ConfigurationProperties("cmon.triton")
@Validated
public record TritonProperties(URI vmapiUrl, URI cnapiUrl, UUID instanceUuid,
		@DefaultValue("cmon") @NotBlank String service,
		@DefaultValue({ "alias", "destroyed", "owner_uuid", "server_uuid", "state", "tags" }) @NotEmpty List<String> subResources,
		@DefaultValue("1000") @Min(1) @Max(1000) int pageSize, @DefaultValue("5m") @NotNull Duration reconcileInterval,
		@DefaultValue("60s") @NotNull Duration serverPollInterval,
		@DefaultValue("9163") @Min(1) @Max(65535) int agentPort, @DefaultValue("8") @Min(1) @Max(256) int readConcurrency,
		@DefaultValue @Valid ChangeFeed changeFeed, @DefaultValue @Valid Http http) {

	/**
	 * @param heartbeatInterval how often the "heartbeat" text frame is sent (Triton: 27,817 ms)
	 * @param pingInterval how often a WebSocket ping checks the connection
	 * @param pingTimeout how long past a missed pong before the connection is replaced
	 * @param minBackoff first reconnect delay, doubled after each failure
	 * @param maxBackoff reconnect delay cap
	 */
	public record ChangeFeed(@DefaultValue("27817ms") @NotNull Duration heartbeatInterval,
			@DefaultValue("10s") @NotNull Duration pingInterval, @DefaultValue("10s") @NotNull Duration pingTimeout,
			@DefaultValue("2s") @NotNull Duration minBackoff, @DefaultValue("10s") @NotNull Duration maxBackoff) {
	}

	/**
	 * @param connectTimeout TCP connect timeout
	 * @param responseTimeout time to wait for a response
	 */
	public record Http(@DefaultValue("5s") @NotNull Duration connectTimeout,
			@DefaultValue("30s") @NotNull Duration responseTimeout) {
	}

}
