package io.containermonitor.cns;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import org.xbill.DNS.TSIG;

/**
 * Settings of the CNS adapter: which zones carry the CMON names and how they are
 * published.
 *
 * @param zones the forward zones, e.g. {@code us-east-1.cns.example.com}; every VM and
 * compute node gets {@code <uuid>.cmon.<zone>} CNAME {@code cmon.<zone>} in each
 * @param proxyAddresses the addresses (A/AAAA) of {@code cmon.<zone>}, where the metric
 * proxy listens; empty when another server publishes them
 * @param eligibility which VMs get a name: {@code all} that are not destroyed or
 * {@code triton.cns.disable}d, or {@code cns} (CNS's owner-flag rules)
 * @param cnsEnabledOwners for the {@code cns} policy: the accounts that have
 * {@code triton_cns_enabled} and are approved for provisioning
 * @param ttl the TTL of the CMON records (CNS: 30 s)
 * @param awaitResync publish nothing until the inventory has finished its first full
 * listing, so that a restart never publishes an empty zone
 * @param awaitServers when CNAPI is polled ({@code cmon.triton.cnapi-url}), also wait up to
 * this long after that listing for the first compute node, so that a restart does not
 * drop the nodes' names until CNAPI answers; 0 not to wait
 * @param mode {@code server}: answer DNS for the zones; {@code update}: send RFC 2136
 * updates to an existing primary
 * @param server the authoritative server (mode {@code server})
 * @param update the dynamic-update client (mode {@code update})
 */
@ConfigurationProperties(prefix = "cmon.cns")
@Validated
public record CnsProperties(
		@NotEmpty List<@NotBlank @Pattern(regexp = ZONE_NAME, message = "must be a DNS zone name") String> zones,
		@NotNull @DefaultValue List<@NotNull InetAddress> proxyAddresses,
		@NotNull @DefaultValue("all") Eligibility eligibility,
		@NotNull @DefaultValue List<@NotNull UUID> cnsEnabledOwners,
		@NotNull @DefaultValue("30s") Duration ttl,
		@DefaultValue("true") boolean awaitResync,
		@NotNull @DefaultValue("2m") Duration awaitServers,
		@NotNull @DefaultValue("server") Mode mode,
		@NotNull @Valid @DefaultValue Server server,
		@NotNull @Valid @DefaultValue Update update) {

	/** Labels of letters, digits and inner hyphens, separated by dots, an optional final dot. */
	static final String ZONE_NAME = "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?";

	/** Which VMs get a CMON name. */
	public enum Eligibility {

		/** Every VM that is not destroyed, failed, a NAT zone or {@code triton.cns.disable}d. */
		ALL,

		/** CNS's rules: the owner is CNS-enabled, or the VM has a PTR override or is a core VM. */
		CNS

	}

	/** How the names are published. */
	public enum Mode {

		SERVER, UPDATE

	}

	@AssertTrue(message = "cmon.cns.ttl must be between 1 s and 1 day")
	public boolean isTtlInRange() {
		return ttl == null || (ttl.getSeconds() >= 1 && ttl.getSeconds() <= 86_400);
	}

	@AssertTrue(message = "every cmon.cns.server.transfer-keys entry needs a key-name and a secret")
	public boolean isTransferKeysComplete() {
		return server == null || server.transferKeys() == null
				|| server.transferKeys().stream().allMatch(key -> key != null && key.isComplete());
	}

	@AssertTrue(message = "cmon.cns.update.tsig.key-name and secret are required in mode update")
	public boolean isTsigSetWhenUpdating() {
		return mode != Mode.UPDATE || (update != null && update.tsig() != null && update.tsig().isComplete());
	}

	/** Every TSIG secret set here (the update key's and the transfer keys'), for whatever must hide them. */
	public Set<String> secrets() {
		Set<String> secrets = new HashSet<>();
		List<Tsig> keys = new ArrayList<>();
		if (update != null && update.tsig() != null) {
			keys.add(update.tsig());
		}
		if (server != null && server.transferKeys() != null) {
			keys.addAll(server.transferKeys());
		}
		for (Tsig key : keys) {
			if (key != null && key.secret() != null && !key.secret().isBlank()) {
				secrets.add(key.secret());
			}
		}
		return secrets;
	}

	/**
	 * The authoritative DNS server.
	 *
	 * @param listenAddress the address for UDP and TCP
	 * @param port the port for UDP and TCP; 0 picks a free one (tests)
	 * @param nameServer the SOA MNAME and the zone's NS record
	 * @param hostmaster the SOA RNAME, as {@code user@domain}
	 * @param allowTransfer addresses or CIDR blocks allowed AXFR/IXFR; others get REFUSED
	 * @param transferKeys TSIG keys that may transfer from any address; queries signed with
	 * one are answered signed, queries signed with another key get NOTAUTH
	 * @param alsoNotify secondaries told of each new serial, as {@code host} or {@code host:port}
	 * @param serialFile where the last serial of each zone is kept, so that it only moves
	 * forward across restarts
	 * @param commitWindow changes are committed at most once per window, each commit one
	 * new serial (CNS: 10 s; 500 ms here, so that a new container's name answers within a
	 * second while changes arrive every moment, as they do in a data center)
	 * @param journalSize how many commits are kept for IXFR; older bases get a full transfer
	 * @param notifyRetries how many times a NOTIFY is sent before giving up on that serial
	 * @param notifyTimeout how long to wait for each NOTIFY answer
	 * @param udpThreads threads answering UDP queries
	 * @param tcpConnections the most TCP connections served at once
	 * @param tcpIdleTimeout a TCP connection idle this long is closed
	 */
	public record Server(@NotNull @DefaultValue("0.0.0.0") InetAddress listenAddress,
			@Min(0) @Max(65535) @DefaultValue("53") int port,
			@NotBlank @Pattern(regexp = ZONE_NAME, message = "must be a host name") @DefaultValue("localhost") String nameServer,
			@NotBlank @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "must look like user@domain") @DefaultValue("hostmaster@localhost") String hostmaster,
			@NotNull @DefaultValue({ "127.0.0.1", "::1" }) List<@NotBlank @Pattern(regexp = "[0-9a-fA-F:.]+(/[0-9]{1,3})?", message = "must be an address or CIDR block") String> allowTransfer,
			@NotNull @DefaultValue List<@NotNull @Valid Tsig> transferKeys,
			@NotNull @DefaultValue List<@NotBlank @Pattern(regexp = "(\\[[0-9a-fA-F:.]+\\]|[^:\\s]+|[0-9a-fA-F:]+)(:[0-9]{1,5})?", message = "must be host or host:port") String> alsoNotify,
			@NotNull @DefaultValue("cns-serials.properties") Path serialFile,
			@NotNull @DefaultValue("500ms") Duration commitWindow,
			@Min(1) @Max(10_000) @DefaultValue("1000") int journalSize,
			@Min(1) @Max(100) @DefaultValue("5") int notifyRetries,
			@NotNull @DefaultValue("2s") Duration notifyTimeout,
			@Min(1) @Max(64) @DefaultValue("2") int udpThreads,
			@Min(1) @Max(10_000) @DefaultValue("64") int tcpConnections,
			@NotNull @DefaultValue("10s") Duration tcpIdleTimeout) {

	}

	/**
	 * The RFC 2136 client.
	 *
	 * @param primary the primary server's address
	 * @param port its port
	 * @param tsig the key the primary accepts updates signed with
	 * @param batchSize at most this many names change per UPDATE message
	 * @param interval pending changes are sent at most this often
	 * @param retryBackoff the first wait after a failed update (SERVFAIL, REFUSED, timeout);
	 * doubled on each failure up to {@code maxBackoff}
	 * @param maxBackoff the longest wait between retries
	 * @param timeout how long to wait for the primary's answer
	 * @param reconcileInterval how often the zone is read back by AXFR to remove stale names
	 */
	public record Update(@NotBlank @DefaultValue("127.0.0.1") String primary,
			@Min(1) @Max(65535) @DefaultValue("53") int port, @Valid @NotNull @DefaultValue Tsig tsig,
			@Min(1) @Max(1000) @DefaultValue("100") int batchSize, @NotNull @DefaultValue("1s") Duration interval,
			@NotNull @DefaultValue("1s") Duration retryBackoff, @NotNull @DefaultValue("30s") Duration maxBackoff,
			@NotNull @DefaultValue("5s") Duration timeout, @NotNull @DefaultValue("10m") Duration reconcileInterval) {

	}

	/**
	 * A TSIG key (RFC 8945).
	 *
	 * @param keyName the key's name, as the primary knows it
	 * @param algorithm the HMAC algorithm
	 * @param secret the base64 secret; never logged
	 */
	public record Tsig(String keyName,
			@NotBlank @Pattern(regexp = "hmac-sha(1|224|256|384|512)", message = "must be hmac-sha1, -sha224, -sha256, -sha384 or -sha512") @DefaultValue("hmac-sha256") String algorithm,
			String secret) {

		/**
		 * Checked here rather than with {@code @Pattern} on the secret: a field constraint puts the
		 * rejected value, the secret itself, in the start-up failure's message.
		 */
		@AssertTrue(message = "the TSIG secret must be base64")
		public boolean isSecretBase64() {
			return secret == null || secret.matches("[A-Za-z0-9+/=]+");
		}

		/** The dnsjava key; throws if the key is incomplete. */
		public TSIG toKey() {
			if (!isComplete()) {
				throw new IllegalStateException("TSIG key needs a key-name and a secret");
			}
			return new TSIG(TSIG.algorithmToName(algorithm), keyName, secret);
		}

		boolean isComplete() {
			return keyName != null && !keyName.isBlank() && secret != null && !secret.isBlank();
		}

		@Override
		public String toString() {
			return "Tsig[keyName=" + keyName + ", algorithm=" + algorithm + ", secret=" + (secret == null ? "null" : "***") + "]";
		}

	}

}
