package io.containermonitor.proxy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the metric proxy. Defaults follow Triton CMON (spec/README.md) except
 * where we deliberately differ: upstream timeouts exist, below Prometheus' default
 * 10 s scrape timeout.
 *
 * @param datacenter the data centre name, the {@code <dc>} of {@code cmon.<dc>.<suffix>}
 * @param dnsSuffix the CNS suffix, the {@code <suffix>} of {@code cmon.<dc>.<suffix>}
 * @param accountsFile standalone mode: YAML or JSON list of accounts and their SSH public
 * keys; at most one of this and {@code mahi.url} may be set (neither: every request is 401)
 * @param accountsFileReloadInterval how often the accounts file is checked for changes; a
 * removed key stops authenticating within this time
 * @param mahi Triton mode: where accounts and keys are looked up
 * @param tls the public listener's server certificate
 * @param upstream how agents are called
 * @param discovery where {@code /v1/discover} and {@code /v1/gz/discover} are routed
 * @param rateLimit the per-account throttle
 */
@Validated
@ConfigurationProperties(prefix = "cmon.proxy")
public record ProxyProperties(
		@NotBlank @Pattern(regexp = "[a-z0-9-]+", message = "must be one DNS label") @DefaultValue("coal") String datacenter,
		@NotBlank @DefaultValue("cns.example.com") String dnsSuffix,
		Path accountsFile,
		@NotNull @DefaultValue("5s") Duration accountsFileReloadInterval,
		@NotNull @Valid @DefaultValue Mahi mahi,
		@NotNull @Valid @DefaultValue Tls tls,
		@NotNull @Valid @DefaultValue Upstream upstream,
		@NotNull @Valid @DefaultValue Discovery discovery,
		@NotNull @Valid @DefaultValue RateLimit rateLimit) {

	/** The service name, {@code cmon.<dc>.<suffix>}. */
	public String serviceName() {
		return "cmon." + datacenter + "." + dnsSuffix;
	}

	@AssertTrue(message = "cmon.proxy.accounts-file-reload-interval must be positive")
	public boolean isAccountsFileReloadIntervalPositive() {
		return accountsFileReloadInterval == null
				|| !(accountsFileReloadInterval.isNegative() || accountsFileReloadInterval.isZero());
	}

	@AssertTrue(message = "set at most one of cmon.proxy.accounts-file (standalone) and cmon.proxy.mahi.url (Triton)")
	public boolean isAtMostOneAccountSource() {
		return accountsFile == null || mahi == null || mahi.url() == null;
	}

	/**
	 * Triton's identity cache.
	 *
	 * @param url mahi's base URL, e.g. {@code http://mahi.coal.example.com}
	 * @param cacheTtl how long a successful look-up is reused (CMON's mahi client: 5 minutes)
	 * @param cacheSize at most this many look-ups are cached
	 * @param timeout connect plus response timeout of one look-up
	 */
	public record Mahi(URI url, @NotNull @DefaultValue("60s") Duration cacheTtl,
			@Min(1) @DefaultValue("10000") int cacheSize, @NotNull @DefaultValue("3s") Duration timeout) {
	}

	/**
	 * The server certificate. Without both files a self-signed certificate for
	 * {@code cmon.<dc>.<suffix>} and {@code *.cmon.<dc>.<suffix>} is made (development only).
	 *
	 * @param certificate PEM certificate chain, leaf first
	 * @param privateKey PEM private key (PKCS#8, PKCS#1 or SEC1)
	 * @param reloadInterval how often the files are checked for changes
	 * @param provider the TLS implementation: {@code jdk} (default), {@code openssl} (BoringSSL
	 * through netty-tcnative: a fifth less CPU per scrape, but it refuses TLS client keys of type
	 * Ed25519, so old-style certificates of Ed25519 SSH keys cannot authenticate), or {@code auto}:
	 * OpenSSL where its native library loads, else the JDK's
	 * @param handshakeThreads threads that do the TLS handshakes' work, apart from the event loops
	 * that serve requests, so that a flood of new connections does not hold the scrapes of
	 * connections already open; 0: handshakes on the event loops
	 */
	public record Tls(Path certificate, Path privateKey, @NotNull @DefaultValue("10s") Duration reloadInterval,
			@NotNull @DefaultValue("jdk") TlsProvider provider, @Min(0) @DefaultValue("1") int handshakeThreads) {

		@AssertTrue(message = "set both cmon.proxy.tls.certificate and cmon.proxy.tls.private-key, or neither")
		public boolean isBothOrNeither() {
			return (certificate == null) == (privateKey == null);
		}

	}

	/**
	 * Calls to metric agents.
	 *
	 * @param connectTimeout TCP connect timeout; a refused or timed-out connect answers 502
	 * @param responseTimeout time to the agent's response headers; exceeded answers 504. Keep
	 * it below Prometheus' scrape timeout (10 s by default)
	 * @param maxConnectionsPerAgent keep-alive connections kept open to one agent at most; a
	 * scrape finding all in use waits up to {@code connect-timeout} for one, then answers 504
	 * @param idleTimeout an agent connection unused this long is closed
	 */
	public record Upstream(@NotNull @DefaultValue("2s") Duration connectTimeout,
			@NotNull @DefaultValue("8s") Duration responseTimeout,
			@Min(1) @DefaultValue("256") int maxConnectionsPerAgent,
			@NotNull @DefaultValue("60s") Duration idleTimeout) {
	}

	/**
	 * The triton-discovery service.
	 *
	 * @param url its base URL; requests keep their path and query. Unset: discovery is not routed
	 * @param token sent as {@code X-Cmon-Proxy-Token} so that discovery trusts the account headers
	 */
	public record Discovery(URI url, String token) {

		/** The token is a secret: a record's own toString would put it in any log line that prints it. */
		@Override
		public String toString() {
			return "Discovery[url=" + url + ", token=" + (token == null ? "null" : "******") + "]";
		}

	}

	/**
	 * The per-account token bucket (CMON: burst 1000, 100 requests/s, operators exempt).
	 *
	 * @param replenishRate tokens added per second; 0 means unlimited
	 * @param burstCapacity bucket size; 0 means unlimited
	 * @param operatorExempt whether operators are never limited
	 * @param overrides per-login limits, which win over the defaults and over the operator exemption
	 * @param store where buckets live: {@code memory} (per replica) or {@code redis} (shared, via
	 * {@code spring.data.redis.*})
	 * @param redisTimeout how long a Redis call may take before the request is let through
	 * @param maxAccounts in memory: at most this many buckets are kept (least recently used go)
	 * @param maxConcurrent scrapes of one account in progress at once on this replica, at most;
	 * more are answered 429 at once (0: no limit). Bounds what one tenant's hung agents hold.
	 * Accounts the rate limit exempts are exempt from this too
	 * @param newConnectionsPerSecond new connections accepted per client address and second on the
	 * public port; more are closed before their TLS handshake (0: no limit). Scrapers keep their
	 * connections alive; this bounds what a flood of handshakes from one address costs everyone
	 * @param newConnectionBurst how many new connections one address may open at once
	 */
	public record RateLimit(@Min(0) @DefaultValue("100") int replenishRate,
			@Min(0) @DefaultValue("1000") int burstCapacity, @DefaultValue("true") boolean operatorExempt,
			@NotNull @Valid @DefaultValue Map<String, Limit> overrides, @NotNull @DefaultValue("memory") Store store,
			@NotNull @DefaultValue("250ms") Duration redisTimeout, @Min(1) @DefaultValue("10000") int maxAccounts,
			@Min(0) @DefaultValue("256") int maxConcurrent, @Min(0) @DefaultValue("200") int newConnectionsPerSecond,
			@Min(0) @DefaultValue("2000") int newConnectionBurst) {

		/** The limit for one account. */
		public Limit limitFor(String login, boolean operator) {
			Limit override = overrides.get(login);
			if (override != null) {
				return override;
			}
			if (operator && operatorExempt) {
				return Limit.UNLIMITED;
			}
			return new Limit(replenishRate, burstCapacity);
		}

	}

	/**
	 * One account's limit.
	 *
	 * @param replenishRate tokens per second; 0 means unlimited
	 * @param burstCapacity bucket size; 0 means unlimited
	 */
	public record Limit(@Min(0) int replenishRate, @Min(0) int burstCapacity) {

		public static final Limit UNLIMITED = new Limit(0, 0);

		public boolean unlimited() {
			return replenishRate == 0 || burstCapacity == 0;
		}

	}

	/** Which TLS implementation serves the public listener. */
	public enum TlsProvider {

		AUTO, OPENSSL, JDK

	}

	/** Where rate-limit buckets live. */
	public enum Store {

		MEMORY, REDIS

	}

}
