package io.containermonitor.agent.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import io.containermonitor.agent.Promtool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API on a random port, with the agent's roots on the fixture trees
 * (cgroup v2 layout, a Docker container and a configured root {@code /machines}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.cgroup-root=src/test/resources/fixtures/cgroup/v2",
				"cmon.agent.discovery.docker-root=src/test/resources/fixtures/docker",
				"cmon.agent.proc-root=src/test/resources/fixtures/proc", "cmon.agent.discovery.roots=/machines",
				"cmon.agent.plugins.vm-dir=src/test/resources/fixtures/plugins/vm",
				"cmon.agent.plugins.gz-dir=src/test/resources/fixtures/plugins/gz",
				"cmon.agent.server-uuid=11111111-2222-4333-8444-555555555555", "cmon.agent.hostname=node1",
				"management.server.port=0" })
class MetricsControllerTests {

	/** The fixture Docker container: the uuid of the first 32 hex digits of its id. */
	static final String DOCKER = "3f4c1b2a-9d8e-4f60-a1b2-c3d4e5f60718";

	private static final Path GOLDEN = Path.of("src/test/resources/golden/container-docker.prom");

	// HTTP/1.1 as Prometheus and the proxy speak it; a hung answer fails the test instead of blocking it.
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(java.time.Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@org.springframework.boot.test.web.server.LocalManagementPort
	int managementPort;

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * One keep-alive connection, as the proxy keeps one to every agent: an answer made off the
	 * event loop (the node's metrics), then one made on it (a fresh snapshot), then another
	 * request. Reactor Netty 1.3.6 stopped reading the connection after the second
	 * (reactor-netty issue 4361) unless the agent sets {@code lastFlushWhenNoRead}.
	 */
	@Test
	void aKeepAliveConnectionServesEveryRequestWhateverThreadAnsweredTheOneBefore() throws Exception {
		assertThat(get("/v1/" + DOCKER + "/metrics").statusCode()).isEqualTo(200); // its snapshot is now fresh
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			java.io.InputStream in = socket.getInputStream();
			for (String path : new String[] { "/v1/gz/metrics", "/v1/" + DOCKER + "/metrics", "/v1/ping",
					"/v1/gz/metrics", "/v1/" + DOCKER + "/metrics", "/v1/" + DOCKER + "/metrics" }) {
				socket.getOutputStream()
					.write(("GET " + path + " HTTP/1.1\r\nHost: agent\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				assertThat(readResponse(in)).as(path).startsWith("HTTP/1.1 200");
			}
		}
	}

	/** Reads one response with a Content-Length body; a hung connection fails with a timeout. */
	private static String readResponse(java.io.InputStream in) throws java.io.IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new java.io.EOFException("closed after " + head);
			}
			head.append((char) b);
		}
		java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
		assertThat(length.find()).as(head.toString()).isTrue();
		in.readNBytes(Integer.parseInt(length.group(1)));
		return head.toString();
	}

	@Test
	void containerMetricsUseCmonNamesAndPassPromtool() throws Exception {
		HttpResponse<String> response = get("/v1/" + DOCKER + "/metrics");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				ct -> assertThat(ct).startsWith("text/plain").contains("version=0.0.4"));
		assertThat(response.body()).contains("cpu_user_usage 65454703000", "cpu_sys_usage",
				"mem_agg_usage 134217728", "mem_swap ", "net_agg_bytes_in{interface=\"eth0\"} 551194436",
				"net_agg_bytes_out{interface=\"eth0\"}", "tcp_active_open_count", "vfs_bytes_read_count",
				"cpucap_limit_percentage 50", "time_of_day", "cpu_metrics_available_boolean 1",
				"net_metrics_available_boolean 1", "cpu_pressure_some_seconds_total",
				"plugin_meaning_life 42", "plugin_meaning_runs_total{vm=\"" + DOCKER + "\"} 1",
				"plugin_meaning_metrics_available_boolean 1")
			.doesNotContain("mem_limit ");
		Promtool.assertClean(response.body());
	}

	@Test
	void goldenScrapeOfTheFixtureContainer() throws Exception {
		String scrape = normalise(get("/v1/" + DOCKER + "/metrics").body());
		if (Boolean.getBoolean("golden.update")) {
			Files.createDirectories(GOLDEN.getParent());
			Files.writeString(GOLDEN, scrape);
		}
		assertThat(scrape).isEqualTo(Files.readString(GOLDEN));
	}

	@Test
	void readingsAreCachedForTheTtl() throws Exception {
		get("/v1/" + DOCKER + "/metrics");
		String second = get("/v1/" + DOCKER + "/metrics").body();
		assertThat(second).contains("memory_metrics_cached_boolean 1").contains("time_metrics_cached_boolean 0");
	}

	@Test
	void aBrokenCollectorLosesOnlyItsOwnMetrics() throws Exception {
		String uuid = containerUuid("cgroup:/machines/broken");
		HttpResponse<String> response = get("/v1/" + uuid + "/metrics");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_metrics_available_boolean 0", "mem_agg_usage 4096",
				"net_metrics_available_boolean 1")
			.doesNotContain("cpu_user_usage");
		Promtool.assertClean(response.body());
	}

	@Test
	void containerWithoutInterfacesIsServed() throws Exception {
		HttpResponse<String> response = get("/v1/" + containerUuid("cgroup:/machines/web1") + "/metrics");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("mem_limit 268435456").doesNotContain("net_agg_bytes_in");
	}

	@Test
	void unknownContainerGets404() throws Exception {
		HttpResponse<String> response = get("/v1/" + UUID.randomUUID() + "/metrics");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				ct -> assertThat(ct).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"code\":\"ResourceNotFound\",\"message\":\"container not found\"}");
	}

	@Test
	void stoppedContainerGets404() throws Exception {
		assertThat(get("/v1/" + containerUuid("cgroup:/machines/stopped1") + "/metrics").statusCode()).isEqualTo(404);
	}

	@Test
	void malformedUuidGets400() throws Exception {
		for (String bad : new String[] { "not-a-uuid", "1-2-3-4-5", DOCKER.toUpperCase() }) {
			HttpResponse<String> response = get("/v1/" + bad + "/metrics");
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(response.body()).contains("\"code\":\"BadRequest\"");
		}
	}

	@Test
	void nodeMetricsThroughOshiPassPromtool() throws Exception {
		HttpResponse<String> response = get("/v1/gz/metrics");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_seconds_total{cpu_id=\"0\"}", "node_memory_total_bytes",
				"node_load1", "node_uptime_seconds", "node_filesystem_size_bytes", "node_network_receive_bytes_total",
				"cmon_agent_scrape_duration_seconds_count", "cmon_agent_cache_hits_total", "cmon_agent_containers 4",
				"time_of_day", "plugin_inventory_zones{arg=\"global\"} 3");
		Promtool.assertClean(response.body());
	}

	@Test
	void cmonOptsHeaderIsCheckedAndUndecodableGets400() throws Exception {
		String good = Base64.getEncoder().encodeToString("{\"isCoreZone\":false}".getBytes(StandardCharsets.UTF_8));
		assertThat(get("/v1/" + DOCKER + "/metrics", CmonOpts.HEADER, good).statusCode()).isEqualTo(200);
		String notBoolean = Base64.getEncoder().encodeToString("{\"isCoreZone\":\"yes\"}".getBytes(StandardCharsets.UTF_8));
		for (String bad : new String[] { "!!!not base64", notBoolean,
				Base64.getEncoder().encodeToString("{".getBytes(StandardCharsets.UTF_8)) }) {
			HttpResponse<String> response = get("/v1/" + DOCKER + "/metrics", CmonOpts.HEADER, bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(response.body()).contains("Error parsing x-joyent-cmon-opts header");
		}
	}

	@Test
	void gzipWhenAsked() throws Exception {
		HttpResponse<byte[]> response = http.send(
				HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + port + "/v1/" + DOCKER + "/metrics"))
					.header("Accept-Encoding", "gzip")
					.build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
		String text = gunzip(response.body());
		assertThat(text).contains("cpu_user_usage");
		Promtool.assertClean(text);
	}

	@Test
	void cmonAgentResponseHeaders() throws Exception {
		HttpResponse<String> response = get("/v1/" + DOCKER + "/metrics", "x-request-id", "abc-123");
		assertThat(response.headers().firstValue("server")).hasValue("cmon-agent");
		assertThat(response.headers().firstValue("x-request-id")).hasValue("abc-123");
		assertThat(response.headers().firstValue("x-server-name")).hasValue("node1");
		assertThat(response.headers().firstValue("x-response-time")).hasValueSatisfying(
				ms -> assertThat(Long.parseLong(ms)).isNotNegative());
		assertThat(response.headers().firstValue("date")).isPresent();
		assertThat(get("/v1/nope/metrics").headers().firstValue("server")).hasValue("cmon-agent");
	}

	@Test
	void pingAndRefresh() throws Exception {
		HttpResponse<String> ping = get("/v1/ping");
		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(ping.body()).contains("\"ping\":\"pong\"");
		HttpResponse<String> refresh = http.send(
				HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + port + "/v1/refresh"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(refresh.statusCode()).isEqualTo(200);
		assertThat(refresh.body()).isEmpty();
	}

	@Test
	void actuatorPrometheusOnTheManagementPortPassesPromtoolToo() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes", "system_cpus");
		Promtool.assertClean(response.body());
	}

	static String containerUuid(String name) {
		return io.containermonitor.agent.NameBasedUuid.of(name).toString();
	}

	/** Values that change from run to run (timers, cache state, the clock) become 0. */
	static String normalise(String scrape) {
		return scrape.replaceAll("(?m)^(\\S*_metrics_timer_seconds|\\S*_metrics_cached_boolean|time_of_day) .*$", "$1 0");
	}

	private static String gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
