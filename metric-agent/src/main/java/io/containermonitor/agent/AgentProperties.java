package io.containermonitor.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the metric agent, under {@code cmon.agent}.
 *
 * @param cgroupRoot where the cgroup file systems are mounted (a fixture tree in tests)
 * @param procRoot where procfs is mounted (a fixture tree in tests)
 * @param cgroupVersion which cgroup layout to read: {@code auto} (v2 when the root has
 * {@code cgroup.controllers}, else v1), {@code v1} or {@code v2}
 * @param serverUuid this node's server uuid; derived from {@code machine-id-file} when unset
 * @param machineIdFile the file whose content names this node when no server uuid is set
 * @param hostname the node's host name as reported in registration and {@code x-server-name};
 * the system host name when unset
 * @param cache how long readings are reused
 * @param sweep how the readings of scraped containers are kept current
 * @param discovery how containers are found
 * @param owner how a container's owner account is decided
 * @param collectors per-collector switches, keyed by collector name
 * @param plugins executable plugins (cmon-agent reference section 4)
 * @param registration standalone registration with triton-discovery
 * @param app scrapes of the applications inside containers that declare an endpoint
 */
@Validated
@ConfigurationProperties(prefix = "cmon.agent")
public record AgentProperties(@DefaultValue("/sys/fs/cgroup") @NotNull Path cgroupRoot,
		@DefaultValue("/proc") @NotNull Path procRoot, @DefaultValue("auto") @NotNull CgroupVersion cgroupVersion,
		UUID serverUuid, @DefaultValue("/etc/machine-id") @NotNull Path machineIdFile, String hostname,
		@DefaultValue @NotNull @Valid Cache cache, @DefaultValue @NotNull @Valid Sweep sweep,
		@DefaultValue @NotNull @Valid Discovery discovery,
		@DefaultValue @NotNull @Valid Owner owner, Map<String, @Valid CollectorSwitch> collectors,
		@DefaultValue @NotNull @Valid Plugins plugins, @DefaultValue @NotNull @Valid Registration registration,
		@DefaultValue @NotNull @Valid App app) {

	public AgentProperties {
		collectors = collectors == null ? Map.of() : Map.copyOf(collectors);
	}

	/** Whether the collector of that name is switched on (every collector is, unless switched off). */
	public boolean isEnabled(String collector) {
		CollectorSwitch sw = collectors.get(collector);
		return sw == null || sw.enabled();
	}

	/** Which cgroup layout to read. */
	public enum CgroupVersion {

		AUTO, V1, V2

	}

	/**
	 * Cache lifetimes, as cmon-agent's (reference section 3).
	 *
	 * @param kernelTtl how long a reading of kernel counters (cgroup, netns) is reused
	 * @param filesystemTtl how long a file-system usage reading is reused
	 * @param maxOpenFiles how many cgroup files are kept open between readings (each is
	 * then re-read with one system call instead of five; about 15 per container, and never
	 * more than half the process's file-descriptor limit); 0 opens every file for each read
	 */
	public record Cache(@DefaultValue("10s") @NotNull Duration kernelTtl,
			@DefaultValue("300s") @NotNull Duration filesystemTtl,
			@DefaultValue("16384") @Min(0) int maxOpenFiles) {
	}

	/**
	 * The sweep: one thread that reads each scraped container just before its next scrape,
	 * so that a scrape only sends a snapshot.
	 *
	 * @param tick how often the sweep looks for containers due to be read; a reading is
	 * taken about two ticks (and two sweep batches) before the scrape it is for
	 * @param idleAfter a container not scraped for this long is no longer read ahead; its
	 * next scrape reads it on demand
	 * @param gzipLevel the deflate level of snapshots sent gzipped, 1 (fastest) to 9 (smallest);
	 * a snapshot is compressed once per reading, and at 6 that was half of a reading's CPU
	 */
	public record Sweep(@DefaultValue("250ms") @NotNull @DurationMin(millis = 10) Duration tick,
			@DefaultValue("3m") @NotNull @DurationMin(seconds = 1) Duration idleAfter,
			@DefaultValue("1") @Min(1) @Max(9) int gzipLevel) {
	}

	/**
	 * Container discovery.
	 *
	 * @param interval how often the whole cgroup tree is scanned for new and gone containers
	 * and for containers whose processes have all exited; with {@code watch}, new and removed
	 * cgroups are seen within moments in between
	 * @param watch whether the cgroup tree is watched (inotify) for new and removed cgroups
	 * @param roots cgroup paths (relative to the hierarchy, e.g. {@code /machines}) whose
	 * direct children are containers, besides those recognised by runtime
	 * @param maxDepth how deep the cgroup tree is searched for runtime containers
	 * @param dockerRoot Docker's data directory; container names and labels are read from
	 * {@code containers/<id>/config.v2.json} there when present
	 */
	public record Discovery(@DefaultValue("30s") @NotNull Duration interval, @DefaultValue("true") boolean watch,
			List<@NotBlank String> roots,
			@DefaultValue("8") @Min(1) @Max(32) int maxDepth,
			@DefaultValue("/var/lib/docker") @NotNull Path dockerRoot) {

		public Discovery {
			roots = roots == null ? List.of() : List.copyOf(roots);
		}

	}

	/**
	 * Owner (account) and uuid of a container.
	 *
	 * @param label the container label holding the owner account uuid
	 * @param uuidLabel the container label holding the VM uuid (wins over the runtime id)
	 * @param defaultOwner the owner of containers without label or mapping
	 * @param mapping container name (alias) to owner account uuid; {@code *} at the end of a
	 * key matches any suffix
	 */
	public record Owner(@DefaultValue("triton.cmon.owner") @NotBlank String label,
			@DefaultValue("triton.cmon.uuid") @NotBlank String uuidLabel,
			@DefaultValue("00000000-0000-0000-0000-000000000000") @NotNull UUID defaultOwner,
			Map<String, UUID> mapping) {

		public Owner {
			mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
		}

	}

	/**
	 * A collector switch.
	 *
	 * @param enabled whether the collector runs
	 */
	public record CollectorSwitch(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Executable plugins.
	 *
	 * @param vmDir plugins run for every container
	 * @param gzDir plugins run for the node ({@code gz})
	 * @param timeout a plugin running longer is killed
	 * @param maxOutput a plugin writing more is killed
	 * @param defaultTtl how long a plugin's output is reused unless it or plugin.json says otherwise
	 * @param maxConcurrent at most this many plugins run at once; beyond, a plugin is unavailable
	 * @param reloadInterval how often the plugin directories are re-read
	 */
	public record Plugins(@DefaultValue("/opt/custom/cmon/vm-plugins") @NotNull Path vmDir,
			@DefaultValue("/opt/custom/cmon/gz-plugins") @NotNull Path gzDir,
			@DefaultValue("3s") @NotNull Duration timeout, @DefaultValue("500KB") @NotNull DataSize maxOutput,
			@DefaultValue("60s") @NotNull Duration defaultTtl, @DefaultValue("100") @Min(1) int maxConcurrent,
			@DefaultValue("60s") @NotNull Duration reloadInterval) {
	}

	/**
	 * Standalone registration with triton-discovery; off unless {@code url} is set.
	 *
	 * @param url base URL of triton-discovery, e.g. {@code http://discovery:8080}
	 * @param token bearer token sent with every registration
	 * @param heartbeatInterval how often the node re-registers (the server's answer wins)
	 * @param initialBackoff first retry delay while discovery is down
	 * @param maxBackoff the retry delay doubles up to this
	 * @param adminIp the address the proxy reaches this agent on
	 * @param agentPort the port the proxy reaches this agent on
	 * @param connectTimeout connect timeout of a registration call
	 * @param requestTimeout response timeout of a registration call
	 */
	public record Registration(URI url, String token, @DefaultValue("10s") @NotNull Duration heartbeatInterval,
			@DefaultValue("1s") @NotNull Duration initialBackoff, @DefaultValue("30s") @NotNull Duration maxBackoff,
			@DefaultValue("127.0.0.1") @NotBlank String adminIp,
			@DefaultValue("9163") @Min(1) @Max(65535) int agentPort,
			@DefaultValue("2s") @NotNull Duration connectTimeout,
			@DefaultValue("5s") @NotNull Duration requestTimeout) {

		/** The token is a secret: a record's own toString would put it in any log line that prints it. */
		@Override
		public String toString() {
			return "Registration[url=" + url + ", token=" + (token == null ? "null" : "******") + ", heartbeatInterval="
					+ heartbeatInterval + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
					+ ", adminIp=" + adminIp + ", agentPort=" + agentPort + ", connectTimeout=" + connectTimeout
					+ ", requestTimeout=" + requestTimeout + "]";
		}

	}

	/**
	 * Scrapes of a container's own application ({@code /v1/<vm_uuid>/app/metrics}), for containers
	 * that declare an endpoint ({@code triton.cmon.app-port} label, or {@code endpoints}). The
	 * application is the tenant's code: every scrape of it is bounded in time, size and number.
	 *
	 * @param enabled whether application endpoints are scraped at all
	 * @param connectTimeout time to connect to the application
	 * @param timeout time for the whole exchange (connect, request, the last byte of the answer);
	 * keep it below the proxy's {@code cmon.proxy.upstream.response-timeout} (8 s), since the agent
	 * answers only once the application's answer is complete and checked
	 * @param maxBodySize a larger answer is refused (502)
	 * @param maxSamples an answer with more sample lines is refused (502)
	 * @param maxConcurrent application scrapes in progress on this node at once, at most; more
	 * are answered 503 at once. Each holds up to {@code max-body-size} of heap until it is sent
	 * @param hostNetwork whether a container on the node's own network (no namespace of its own)
	 * is scraped on the node's loopback address
	 * @param endpoints container name (alias) to its endpoint, for cgroups without labels; a
	 * {@code *} at the end of a key matches any suffix; a container's own label wins
	 */
	public record App(@DefaultValue("true") boolean enabled,
			@DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(seconds = 30) Duration connectTimeout,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 10) @DurationMax(seconds = 60) Duration timeout,
			@DefaultValue("4MB") @NotNull DataSize maxBodySize,
			@DefaultValue("200000") @Min(1) int maxSamples,
			@DefaultValue("4") @Min(1) @Max(1024) int maxConcurrent,
			@DefaultValue("true") boolean hostNetwork,
			Map<String, @Valid Endpoint> endpoints) {

		public App {
			if (maxBodySize != null && maxBodySize.toBytes() < 1) {
				throw new IllegalArgumentException("cmon.agent.app.max-body-size must be at least 1B: " + maxBodySize);
			}
			if (connectTimeout != null && timeout != null && connectTimeout.compareTo(timeout) > 0) {
				throw new IllegalArgumentException("cmon.agent.app.connect-timeout (" + connectTimeout
						+ ") must not exceed cmon.agent.app.timeout (" + timeout + ")");
			}
			endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
		}

		/**
		 * An application endpoint set in the configuration.
		 *
		 * @param port the port the application listens on in the container
		 * @param path its metrics path
		 */
		public record Endpoint(@Min(1) @Max(65535) int port,
				@DefaultValue("/metrics") @NotBlank @Pattern(regexp = "/\\S*") String path) {
		}

	}

}
