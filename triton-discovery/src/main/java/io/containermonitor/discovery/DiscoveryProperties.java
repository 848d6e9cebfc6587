package io.containermonitor.discovery;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of triton-discovery.
 *
 * @param proxyToken shared secret metric-proxy sends in {@code X-Cmon-Proxy-Token}; discovery
 * trusts the account headers only together with it
 * @param includeStopped also discover stopped VMs (CMON's {@code discoverIncludeStopped})
 * @param httpSd Prometheus HTTP SD ({@code /v1/http_sd}) settings
 * @param registry standalone-mode registry settings (agents register their node and containers)
 */
@Validated
@ConfigurationProperties(prefix = "cmon.discovery")
public record DiscoveryProperties(@NotBlank String proxyToken, @DefaultValue("false") boolean includeStopped,
		@Valid @NotNull @DefaultValue HttpSd httpSd, @Valid @NotNull @DefaultValue Registry registry) {

	/** What a secret reads as wherever these settings are printed. */
	static final String MASK = "******";

	/** The shared secrets set here (the proxy token, the agent token), for whatever must hide them. */
	public Set<String> secrets() {
		Set<String> secrets = new HashSet<>();
		for (String secret : Arrays.asList(proxyToken, registry == null ? null : registry.agentToken())) {
			if (secret != null && !secret.isBlank()) {
				secrets.add(secret);
			}
		}
		return secrets;
	}

	/** The tokens are secrets: a record's own toString would put them in any log line that prints it. */
	@Override
	public String toString() {
		return "DiscoveryProperties[proxyToken=" + mask(proxyToken) + ", includeStopped=" + includeStopped
				+ ", httpSd=" + httpSd + ", registry=" + registry + "]";
	}

	static String mask(String secret) {
		return secret == null ? "null" : MASK;
	}

	/**
	 * Prometheus HTTP SD: targets are {@code <uuid>.<dns-suffix>:<port>}, as Triton SD builds them.
	 *
	 * @param dnsSuffix the CMON DNS suffix, e.g. {@code cmon.us-east-1.example.com}; HTTP SD answers
	 * 404 until it is set
	 * @param port the port in each target address (the proxy's port)
	 */
	public record HttpSd(@Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?",
			message = "must be a DNS name") String dnsSuffix,
			@DefaultValue("9163") @Min(1) @Max(65535) int port) {
	}

	/**
	 * The standalone registry.
	 *
	 * @param enabled serve agent registration and the VMAPI/CNAPI-compatible read API and change
	 * feed (standalone mode); leave off in Triton mode, where VMAPI and CNAPI are the source
	 * @param agentToken shared secret agents send as {@code Authorization: Bearer <token>}; required
	 * when enabled
	 * @param heartbeatInterval how often agents must push their node (told to them in each answer)
	 * @param missedHeartbeats after this many missed intervals a node is marked {@code unknown}
	 * and so are its VMs
	 * @param destroyedRetention how long a removed VM still answers {@code GET /vms/:uuid} with
	 * {@code state: destroyed}, as VMAPI does
	 * @param startupGrace after a start, discovery answers 503 (which Prometheus survives with
	 * its old targets) this long, while agents re-register; defaults to the heartbeat interval
	 */
	public record Registry(@DefaultValue("false") boolean enabled, String agentToken,
			@NotNull @DurationMin(millis = 10) @DefaultValue("10s") Duration heartbeatInterval,
			@Min(1) @DefaultValue("3") int missedHeartbeats,
			@NotNull @DurationMin(seconds = 0) @DefaultValue("10m") Duration destroyedRetention,
			@DurationMin(seconds = 0) Duration startupGrace) {

		public Registry {
			if (startupGrace == null) {
				startupGrace = heartbeatInterval;
			}
		}

		/** Silence longer than this marks a node down. */
		public Duration downAfter() {
			return heartbeatInterval.multipliedBy(missedHeartbeats);
		}

		@AssertTrue(message = "cmon.discovery.registry.agent-token must be set when the registry is enabled")
		public boolean isAgentTokenSetWhenEnabled() {
			return !enabled || (agentToken != null && !agentToken.isBlank());
		}

		@Override
		public String toString() {
			return "Registry[enabled=" + enabled + ", agentToken=" + mask(agentToken) + ", heartbeatInterval="
					+ heartbeatInterval + ", missedHeartbeats=" + missedHeartbeats + ", destroyedRetention="
					+ destroyedRetention + ", startupGrace=" + startupGrace + "]";
		}

	}

}
