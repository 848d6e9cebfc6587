package io.containermonitor.forwarder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param job the job name Prometheus would give these targets ({@code job_name}): the {@code job} label of
 * remote write and the {@code service.name} of OTLP
 * @param influx the InfluxDB sink
 * @param graphite the Graphite sink
 * @param remoteWrite the Prometheus remote-write sink
 * @param otlp the OpenTelemetry (OTLP/HTTP) sink
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
		@DefaultValue("cmon") @Pattern(regexp = "\\S+", message = "must be a non-empty word") String job,
		@DefaultValue @Valid Influx influx, @DefaultValue @Valid Graphite graphite,
		@DefaultValue @Valid RemoteWrite remoteWrite, @DefaultValue @Valid Otlp otlp) {

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

	@AssertTrue(message = "at least one sink (cmon.forwarder.influx, .graphite, .remote-write or .otlp) must be enabled")
	public boolean isAnySinkEnabled() {
		return influx.enabled() || graphite.enabled() || remoteWrite.enabled() || otlp.enabled();
	}

	/** The {@code instance} Prometheus gives a target of Triton SD: {@code <vm_uuid>.<dns_suffix>:<port>}. */
	public String instanceOf(java.util.UUID vmUuid) {
		return vmUuid + "." + dnsSuffix + ":" + port;
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

	/**
	 * How an HTTP sink authenticates to its receiver, and the TLS it uses.
	 *
	 * @param username basic-auth user; unset: no basic authentication
	 * @param password basic-auth password
	 * @param passwordFile a file holding the basic-auth password instead (read at start-up; refused if other
	 * users may read it), as Prometheus' {@code password_file}
	 * @param bearerToken sent as {@code Authorization: Bearer <token>}; unset: none
	 * @param bearerTokenFile a file holding the bearer token instead (read at start-up; refused if other users may
	 * read it), as Prometheus' {@code bearer_token_file}
	 * @param sslBundle a Spring SSL bundle ({@code spring.ssl.bundle.*}) for an {@code https} receiver: its
	 * truststore checks the receiver's certificate, its keystore, if any, is the client certificate (mTLS);
	 * unset: the JVM's trusted CAs and no client certificate
	 */
	public record HttpAuth(String username, String password, Path passwordFile, String bearerToken,
			Path bearerTokenFile, String sslBundle) {

		@AssertTrue(message = "set basic authentication (username, password) or a bearer token, not both")
		public boolean isOneScheme() {
			return !(notBlank(username) && (notBlank(bearerToken) || bearerTokenFile != null));
		}

		@AssertTrue(message = "a password needs a username")
		public boolean isPasswordWithUser() {
			return (password == null && passwordFile == null) || notBlank(username);
		}

		@AssertTrue(message = "set a secret or its file, not both (password and password-file, bearer-token and "
				+ "bearer-token-file)")
		public boolean isEachSecretOnce() {
			return !(password != null && passwordFile != null) && !(bearerToken != null && bearerTokenFile != null);
		}

		@Override
		public String toString() {
			return "HttpAuth[username=" + username + ", password=" + (password == null ? null : "******")
					+ ", passwordFile=" + passwordFile + ", bearerToken=" + (bearerToken == null ? null : "******")
					+ ", bearerTokenFile=" + bearerTokenFile + ", sslBundle=" + sslBundle + "]";
		}

	}

	/**
	 * @param enabled write to a Prometheus remote-write receiver (Prometheus, Mimir, Cortex, Thanos Receive,
	 * VictoriaMetrics)
	 * @param url the receiver's write URL, e.g. {@code http://prometheus:9090/api/v1/write},
	 * {@code https://mimir/api/v1/push}, {@code http://victoria-metrics:8428/api/v1/write}
	 * @param tenant sent as {@code X-Scope-OrgID} to multi-tenant receivers (Mimir, Cortex, Thanos Receive);
	 * unset: no header
	 * @param externalLabels added to every series that lacks them, as Prometheus' {@code external_labels}
	 * @param shards requests sent at once; each series always goes to the same shard, so that its samples stay
	 * in order
	 * @param headers further HTTP headers on every request (their values are never logged)
	 * @param auth authentication and TLS
	 * @param buffer buffer and retries; {@code batch-size} is the samples per request
	 * ({@code max_samples_per_send}), {@code write-timeout} each request's deadline
	 */
	public record RemoteWrite(@DefaultValue("false") boolean enabled, URI url, String tenant,
			@DefaultValue Map<String, String> externalLabels, @DefaultValue("1") @Min(1) @Max(64) int shards,
			@DefaultValue Map<String, String> headers, @DefaultValue @Valid HttpAuth auth,
			@DefaultValue @Valid Buffer buffer) {

		@AssertTrue(message = "an enabled remote-write sink needs an http or https url")
		public boolean isComplete() {
			return !enabled || isHttp(url);
		}

		@AssertTrue(message = "external label names must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __, "
				+ "their values must not be empty")
		public boolean isExternalLabelsValid() {
			return externalLabels.entrySet()
				.stream()
				.allMatch(label -> label.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*") && !label.getKey().startsWith("__")
						&& notBlank(label.getValue()));
		}

		@Override
		public String toString() {
			return "RemoteWrite[url=" + url + ", tenant=" + tenant + ", externalLabels=" + externalLabels + ", shards="
					+ shards + ", headers=" + headers.keySet() + ", auth=" + auth + "]";
		}

	}

	/** OTLP request body compression. */
	public enum OtlpCompression {

		/** {@code Content-Encoding: gzip}, as the OTLP exporters do by default. */
		GZIP,
		/** Uncompressed. */
		NONE

	}

	/**
	 * @param enabled write to an OpenTelemetry receiver over OTLP/HTTP with protobuf
	 * @param url the receiver, e.g. {@code http://otel-collector:4318}; {@code /v1/metrics} is added when the URL
	 * has no path, a URL with a path is used as it is
	 * @param compression {@code gzip} or {@code none}
	 * @param headers further HTTP headers on every request, e.g. an API key (their values are never logged)
	 * @param auth authentication and TLS
	 * @param buffer buffer and retries
	 */
	public record Otlp(@DefaultValue("false") boolean enabled, URI url,
			@DefaultValue("gzip") @NotNull OtlpCompression compression, @DefaultValue Map<String, String> headers,
			@DefaultValue @Valid HttpAuth auth, @DefaultValue @Valid Buffer buffer) {

		@AssertTrue(message = "an enabled OTLP sink needs an http or https url")
		public boolean isComplete() {
			return !enabled || isHttp(url);
		}

		/** The URL requests go to: {@code url}, with {@code /v1/metrics} when it has no path. */
		public URI metricsUrl() {
			String path = url.getPath();
			if (path == null || path.isEmpty() || path.equals("/")) {
				return url.resolve("/v1/metrics");
			}
			return url;
		}

		@Override
		public String toString() {
			return "Otlp[url=" + url + ", compression=" + compression + ", headers=" + headers.keySet() + ", auth="
					+ auth + "]";
		}

	}

	private static boolean isHttp(URI url) {
		return url != null && url.getHost() != null
				&& ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()));
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
