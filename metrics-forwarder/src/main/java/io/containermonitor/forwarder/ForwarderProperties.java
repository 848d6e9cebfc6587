package io.containermonitor.forwarder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The tenant's forwarder: where Container Monitor is (the same values as Prometheus'
 * {@code triton_sd_config}), how to scrape, and which stores to write to.
 *
 * @param endpoint the discovery host, e.g. {@code cmon.us-east-1.triton.zone} (Prometheus {@code endpoint})
 * @param dnsSuffix appended to each VM uuid to form a target name (Prometheus {@code dns_suffix})
 * @param port the port of discovery and of every target (Prometheus {@code port})
 * @param version the API version in the discovery path {@code /v<version>/discover}
 * @param groups only containers in any of these {@code triton.cmon.groups}; empty: all
 * @param refreshInterval how often the target list is discovered again
 * @param sslBundle the Spring SSL bundle holding the tenant's CMON client certificate (and, optionally, the CA
 * that signed the CMON server certificate)
 * @param insecureSkipVerify accept any server certificate and name (Prometheus {@code insecure_skip_verify})
 * @param connectTo when set ({@code host:port}), every connection goes to this address while the TLS server
 * name and Host header stay {@code <vm_uuid>.<dns_suffix>}, like curl's {@code --connect-to}: for networks
 * where the CMON names do not resolve
 * @param targetForm {@code host}: scrape {@code https://<vm_uuid>.<dns_suffix>:<port>/metrics} as Prometheus
 * does; {@code path}: scrape {@code https://<endpoint>:<port>/v1/<vm_uuid>/metrics} (metric-proxy only)
 * @param scrape the scrape loop
 * @param influx the InfluxDB sink
 * @param graphite the Graphite sink
 */
@ConfigurationProperties("cmon.forwarder")
@Validated
public record ForwarderProperties(@NotBlank String endpoint, @NotBlank String dnsSuffix,
		@DefaultValue("9163") @Min(1) @Max(65535) int port, @DefaultValue("1") @Min(1) int version,
		@DefaultValue List<@Pattern(regexp = "[A-Za-z0-9_-]{1,100}") String> groups,
		@DefaultValue("60s") @NotNull Duration refreshInterval, @DefaultValue("cmon") @NotBlank String sslBundle,
		@DefaultValue("false") boolean insecureSkipVerify,
		@Pattern(regexp = "[^:\\s]+:\\d{1,5}", message = "must be host:port") String connectTo,
		@DefaultValue("host") @NotNull TargetForm targetForm, @DefaultValue @Valid Scrape scrape,
		@DefaultValue @Valid Influx influx, @DefaultValue @Valid Graphite graphite) {

	/** How a target's URL is formed. */
	public enum TargetForm {

		/** {@code https://<vm_uuid>.<dns_suffix>:<port>/metrics}, as Prometheus' Triton SD. */
		HOST,
		/** {@code https://<endpoint>:<port>/v1/<vm_uuid>/metrics}, served by metric-proxy on the service host. */
		PATH

	}

	/** The address every connection goes to, if {@link #connectTo} is set. */
	public InetSocketAddress connectToAddress() {
		if (connectTo == null) {
			return null;
		}
		int colon = connectTo.lastIndexOf(':');
		return InetSocketAddress.createUnresolved(connectTo.substring(0, colon),
				Integer.parseInt(connectTo.substring(colon + 1)));
	}

	@AssertTrue(message = "at least one sink (cmon.forwarder.influx or cmon.forwarder.graphite) must be enabled")
	public boolean isAnySinkEnabled() {
		return influx.enabled() || graphite.enabled();
	}

	/**
	 * @param interval time between two scrapes of one target; each target keeps a fixed offset within it
	 * @param timeout a scrape slower than this fails (Prometheus {@code scrape_timeout})
	 * @param connectTimeout TCP and TLS connect timeout of discovery and scrapes
	 * @param maxConcurrency at most this many scrapes in flight at once
	 * @param maxBodySize a larger scrape answer fails
	 * @param jitterSeed varies the per-target offsets between forwarders that scrape the same targets
	 */
	public record Scrape(@DefaultValue("60s") @NotNull Duration interval, @DefaultValue("10s") @NotNull Duration timeout,
			@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("32") @Min(1) @Max(4096) int maxConcurrency,
			@DefaultValue("16MB") @NotNull DataSize maxBodySize, @DefaultValue("0") long jitterSeed) {

		@AssertTrue(message = "timeout must not be longer than interval")
		public boolean isTimeoutWithinInterval() {
			return interval == null || timeout == null || timeout.compareTo(interval) <= 0;
		}

	}

	/**
	 * Each sink's own bounded buffer and retry policy.
	 *
	 * @param capacity samples held while the store is unreachable; beyond it the oldest are dropped
	 * @param maxAge samples older than this are dropped instead of written
	 * @param batchSize samples per write
	 * @param minBackoff first retry delay after a failed write, doubled after each further failure
	 * @param maxBackoff retry delay cap
	 * @param writeTimeout connect and response timeout of one write
	 */
	public record Buffer(@DefaultValue("1000000") @Min(1) int capacity, @DefaultValue("1h") @NotNull Duration maxAge,
			@DefaultValue("5000") @Min(1) int batchSize, @DefaultValue("1s") @NotNull Duration minBackoff,
			@DefaultValue("60s") @NotNull Duration maxBackoff, @DefaultValue("10s") @NotNull Duration writeTimeout) {
	}

	/** InfluxDB API generations. */
	public enum InfluxApi {

		/** {@code POST /write?db=&rp=}, optional basic auth. */
		V1,
		/** {@code POST /api/v2/write?org=&bucket=}, token auth. */
		V2

	}

	/**
	 * @param enabled write to InfluxDB
	 * @param url base URL, e.g. {@code http://influxdb:8086}
	 * @param api {@code v1} (database, retention policy, basic auth) or {@code v2} (org, bucket, token)
	 * @param database v1 database
	 * @param retentionPolicy v1 retention policy; unset: the database's default
	 * @param username v1 basic-auth user; unset: no authentication
	 * @param password v1 basic-auth password
	 * @param org v2 organization
	 * @param bucket v2 bucket
	 * @param token v2 API token
	 * @param buffer buffer and retries
	 */
	public record Influx(@DefaultValue("false") boolean enabled, URI url, @DefaultValue("v1") @NotNull InfluxApi api,
			String database, String retentionPolicy, String username, String password, String org, String bucket,
			String token, @DefaultValue @Valid Buffer buffer) {

		@AssertTrue(message = "an enabled InfluxDB sink needs url, and database (v1) or org, bucket and token (v2)")
		public boolean isComplete() {
			if (!enabled) {
				return true;
			}
			if (url == null) {
				return false;
			}
			return api == InfluxApi.V1 ? notBlank(database) : notBlank(org) && notBlank(bucket) && notBlank(token);
		}

		@Override
		public String toString() {
			return "Influx[url=" + url + ", api=" + api + ", database=" + database + ", bucket=" + bucket + "]";
		}

	}

	/** Graphite metric naming. */
	public enum GraphiteFormat {

		/** A dotted path from {@code path-template}. */
		PATH,
		/** A tagged series {@code name;tag=value;...} (Graphite 1.1+). */
		TAGGED

	}

	/** Carbon's receiving protocols. */
	public enum GraphiteProtocol {

		/** {@code path value timestamp} lines, carbon's port 2003. */
		PLAINTEXT,
		/** Length-prefixed Python pickles of {@code [(path, (timestamp, value)), ...]}, carbon's port 2004. */
		PICKLE

	}

	/**
	 * @param enabled write to Graphite (carbon over TCP)
	 * @param host carbon host
	 * @param port carbon port: 2003 is carbon's plaintext port, 2004 its pickle port
	 * @param protocol {@code plaintext} or {@code pickle}
	 * @param format {@code path} or {@code tagged}
	 * @param pathTemplate dotted path; {@code <vm_uuid>}, {@code <vm_alias>} (the uuid if the VM has no alias),
	 * {@code <server_uuid>}, {@code <metric>} and {@code <labels>} (each label as {@code name.value}, by name)
	 * are replaced, each value escaped into Graphite-safe characters
	 * @param buffer buffer and retries
	 */
	public record Graphite(@DefaultValue("false") boolean enabled, @DefaultValue("localhost") @NotBlank String host,
			@DefaultValue("2003") @Min(1) @Max(65535) int port,
			@DefaultValue("plaintext") @NotNull GraphiteProtocol protocol, @DefaultValue("path") @NotNull GraphiteFormat format,
			@DefaultValue("cmon.<vm_alias>.<metric>.<labels>") @NotBlank String pathTemplate,
			@DefaultValue @Valid Buffer buffer) {
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
