package io.containermonitor.agent.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.containermonitor.agent.NameBasedUuid;
import io.containermonitor.agent.RealCgroups;
import io.containermonitor.agent.Scrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The agent scraping real applications: a Python HTTP server in a network namespace of its own,
 * listening on that namespace's 127.0.0.1 only, and containers that are real cgroup v1 groups
 * holding processes in that namespace (as a pod's containers share one), declared by Docker
 * labels (Docker's state file) or the agent's configuration. Each container's label points at
 * one of the server's behaviours: well, hanging, closing early, 50 MiB, a million series, slow.
 * Needs root (cgroups, {@code ip netns}, {@code setns}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.cgroup-version=v1", "cmon.agent.cache.kernel-ttl=0s",
				"cmon.agent.plugins.vm-dir=target/no-plugins", "cmon.agent.plugins.gz-dir=target/no-plugins",
				"management.server.port=0", "cmon.agent.app.timeout=2s", "cmon.agent.app.connect-timeout=1s",
				"cmon.agent.app.max-body-size=32MB", "cmon.agent.app.max-samples=100000",
				"cmon.agent.app.max-concurrent=2", "cmon.agent.app.endpoints.configured.port=" + AppMetricsRealTests.PORT })
class AppMetricsRealTests {

	static final int PORT = 19090;

	private static final Path ROOT = Path.of("/sys/fs/cgroup");

	private static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids", "blkio");

	/** Cgroup containers below a configured root, declared by the configuration. */
	private static final String GROUP = RealCgroups.group("app");

	/** Docker containers (their cgroups named as Docker's systemd driver names them), declared by labels. */
	private static final String DOCKER_GROUP = RealCgroups.group("app-docker");

	private static final String NS = RealCgroups.PREFIX + ProcessHandle.current().pid() + "-app";

	@TempDir
	static Path docker;

	private static RealCgroups cgroups;

	private static RealCgroups dockerCgroups;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void roots(DynamicPropertyRegistry registry) {
		registry.add("cmon.agent.discovery.roots", () -> GROUP);
		registry.add("cmon.agent.discovery.docker-root", () -> docker.toString());
	}

	private static List<Path> roots() {
		return CONTROLLERS.stream().map(ROOT::resolve).toList();
	}

	@BeforeAll
	static void startApplication() throws Exception {
		assumeThat(RealCgroups.isRoot()).as("real cgroup and namespace tests need root").isTrue();
		assumeThat(Files.isDirectory(ROOT.resolve("cpuacct"))).as("cgroup v1 controllers mounted").isTrue();
		RealCgroups.sweep(roots());
		cgroups = new RealCgroups(roots(), GROUP);
		dockerCgroups = new RealCgroups(roots(), DOCKER_GROUP);
		long pid = ProcessHandle.current().pid();
		cgroups.netns(NS, "cah" + (pid % 100000), "can" + (pid % 100000), "10.214." + (pid % 250));
		Path exporter = Path.of("../docs/app-demo/exporter.py").toAbsolutePath().normalize();
		cgroups.create("configured");
		cgroups.start("configured", "ip", "netns", "exec", NS, "python3", exporter.toString(), Integer.toString(PORT));
		cgroups.create("undeclared");
		cgroups.start("undeclared", "ip", "netns", "exec", NS, "sleep", "3600");
		for (String behaviour : List.of("metrics", "hang", "close", "huge", "million", "slow")) {
			dockerContainer(behaviour, Map.of("triton.cmon.app-port", Integer.toString(PORT), "triton.cmon.app-path",
					"/" + behaviour));
		}
		awaitListening();
	}

	@AfterAll
	static void stop() {
		if (dockerCgroups != null) {
			dockerCgroups.close();
		}
		if (cgroups != null) {
			cgroups.close();
		}
	}

	/** A Docker container's cgroup and state file; its id is its VM uuid twice, as Triton's are. */
	private static void dockerContainer(String name, Map<String, String> labels) throws IOException {
		String id = hex(uuidOf(name)).repeat(2);
		StringBuilder json = new StringBuilder("{\"Name\":\"/" + name + "\",\"Config\":{\"Labels\":{");
		labels.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
		json.setLength(json.length() - 1);
		json.append("}}}");
		Path state = Files.createDirectories(docker.resolve("containers").resolve(id));
		Files.writeString(state.resolve("config.v2.json"), json);
		String cgroup = "docker-" + id + ".scope";
		dockerCgroups.create(cgroup);
		dockerCgroups.start(cgroup, "ip", "netns", "exec", NS, "sleep", "3600");
	}

	private static UUID uuidOf(String name) {
		return NameBasedUuid.of("app-test:" + name);
	}

	private static String hex(UUID uuid) {
		return uuid.toString().replace("-", "");
	}

	/** The server is up once it answers inside its namespace. */
	private static void awaitListening() throws Exception {
		for (int attempt = 0; attempt < 100; attempt++) {
			Process probe = new ProcessBuilder("ip", "netns", "exec", NS, "python3", "-c",
					"import socket; socket.create_connection(('127.0.0.1', " + PORT + "), 1)")
				.redirectErrorStream(true)
				.start();
			if (probe.waitFor() == 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the test application did not start listening in namespace " + NS);
	}

	private HttpResponse<String> app(String name) throws Exception {
		Scrape scrape = new Scrape(port);
		scrape.refresh();
		return scrape.get("/v1/" + uuidOf(name) + "/app/metrics");
	}

	@Test
	void theApplicationsOwnSeriesFromItsNamespacesLoopback() throws Exception {
		HttpResponse<String> answer = app("metrics");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
		assertThat(answer.body()).contains("demo_requests_total{path=\"/\"} 42").contains("demo_up 1");
		// the port is open only inside the container's namespace, not on the node
		assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", PORT), 1000))
			.isInstanceOf(ConnectException.class);
	}

	@Test
	void theContainersOwnMetricsStayTheAgentsAlone() throws Exception {
		app("metrics");
		HttpResponse<String> container = new Scrape(port).get("/v1/" + uuidOf("metrics") + "/metrics");
		assertThat(container.statusCode()).isEqualTo(200);
		assertThat(container.body()).contains("cpu_user_usage").doesNotContain("demo_");
	}

	@Test
	void aConfiguredEndpointServesACgroupWithoutLabels() throws Exception {
		UUID configured = NameBasedUuid.of("cgroup:" + GROUP + "/configured");
		new Scrape(port).refresh();
		HttpResponse<String> answer = new Scrape(port).get("/v1/" + configured + "/app/metrics");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("demo_up 1");
	}

	@Test
	void aContainerThatDeclaresNothingIsNotScraped() throws Exception {
		UUID undeclared = NameBasedUuid.of("cgroup:" + GROUP + "/undeclared");
		new Scrape(port).refresh();
		HttpResponse<String> answer = new Scrape(port).get("/v1/" + undeclared + "/app/metrics");
		assertThat(answer.statusCode()).isEqualTo(404);
		assertThat(answer.body()).isEqualTo("{\"code\":\"ResourceNotFound\",\"message\":\"container not found\"}");
		assertThat(new Scrape(port).get("/v1/" + UUID.randomUUID() + "/app/metrics").body()).isEqualTo(answer.body());
	}

	@Test
	void aHungApplicationTimesOutWhileTheContainersMetricsKeepAnswering() throws Exception {
		Scrape scrape = new Scrape(port);
		scrape.refresh();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			long start = System.nanoTime();
			Future<HttpResponse<String>> hung = pool
				.submit(() -> scrape.get("/v1/" + uuidOf("hang") + "/app/metrics"));
			// a second scrape of the same container joins the first: one request in flight
			Future<HttpResponse<String>> joined = pool
				.submit(() -> scrape.get("/v1/" + uuidOf("hang") + "/app/metrics"));
			Thread.sleep(300);
			long metricsStart = System.nanoTime();
			HttpResponse<String> metrics = scrape.get("/v1/" + uuidOf("hang") + "/metrics");
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat((System.nanoTime() - metricsStart) / 1e9).as("container metrics during the hang").isLessThan(1.5);
			assertThat(hung.get().statusCode()).isEqualTo(504);
			assertThat(hung.get().body()).contains("\"code\":\"GatewayTimeout\"").contains("did not answer within 2000 ms");
			assertThat(joined.get().statusCode()).isEqualTo(504);
			assertThat((System.nanoTime() - start) / 1e9).as("both within one timeout").isBetween(1.9, 3.5);
		}
		finally {
			pool.shutdownNow();
		}
		String counters = new Scrape(managementPort).get("/actuator/prometheus").body();
		assertThat(counters).containsPattern(
				"cmon_agent_app_scrapes_total\\{result=\"timeout\",vm_uuid=\"" + uuidOf("hang") + "\"} 1\\.0");
	}

	@Test
	void anAnswerClosedEarlyIsABadGateway() throws Exception {
		HttpResponse<String> answer = app("close");
		assertThat(answer.statusCode()).isEqualTo(502);
		assertThat(answer.body()).isEqualTo("{\"code\":\"BadGateway\",\"message\":"
				+ "\"the application closed the connection after 10 of 1000 bytes\"}");
	}

	@Test
	void fiftyMebibytesAreRefused() throws Exception {
		HttpResponse<String> answer = app("huge");
		assertThat(answer.statusCode()).isEqualTo(502);
		assertThat(answer.body()).contains("larger than 33554432 bytes");
	}

	@Test
	void aMillionSeriesAreRefused() throws Exception {
		HttpResponse<String> answer = app("million");
		assertThat(answer.statusCode()).isEqualTo(502);
		assertThat(answer.body()).contains("more than 100000 samples");
	}

	@Test
	void beyondTheNodesLimitScrapesAreRefusedAtOnce() throws Exception {
		Scrape scrape = new Scrape(port);
		scrape.refresh();
		CompletableFuture<HttpResponse<String>> hang = CompletableFuture
			.supplyAsync(() -> get(scrape, "/v1/" + uuidOf("hang") + "/app/metrics"));
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture
			.supplyAsync(() -> get(scrape, "/v1/" + uuidOf("slow") + "/app/metrics"));
		Thread.sleep(500);
		long start = System.nanoTime();
		HttpResponse<String> refused = scrape.get("/v1/" + uuidOf("metrics") + "/app/metrics");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.body()).contains("\"code\":\"ServiceUnavailable\"");
		assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
		assertThat(hang.get().statusCode()).isEqualTo(504);
		assertThat(slow.get().statusCode()).isEqualTo(504);
		assertThat(scrape.get("/v1/" + uuidOf("metrics") + "/app/metrics").statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> get(Scrape scrape, String path) {
		try {
			return scrape.get(path);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
