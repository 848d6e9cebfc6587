package io.containermonitor.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole seed path with real parts: real cgroup containers on this machine, the
 * suite started as {@code ./cmon up} starts it, and the real Prometheus it starts
 * with {@code triton_sd_configs}, resolving {@code <uuid>.cmon.<dc>.<suffix>}
 * through cns-adapter's DNS and scraping through metric-proxy with mTLS.
 * <p>
 * Every port is a free one and the cgroup root is this run's own, so that two runs, or a
 * {@code ./cmon up} of a developer, run side by side. DNS is the exception that needs
 * care: Prometheus finds cns-adapter through {@code resolv.conf}, which names an address but
 * no port, so the adapter must answer on port 53. It does so on a loopback address of this
 * run's own, picked at random in 127.0.0.0/8 (all of which Linux routes to {@code lo}, so
 * binding needs no set-up) and checked free for UDP and TCP on port 53.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTests {

	private static final String OTHER_ACCOUNT = "0ddba11a-0000-4000-8000-00000000e2e0";

	private static final long WEB1_MEMORY_LIMIT = 256L * 1024 * 1024;

	private final String root = "cmon-e2e-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	private final Path home = Path.of("target", "cmon-home").toAbsolutePath();

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private InetAddress dnsAddress;

	private Prometheus prometheus;

	private CgroupContainer web1;

	private CgroupContainer web2;

	private CgroupContainer other;

	/** Its application hangs: it accepts the scrape and never answers. */
	private CgroupContainer appHang;

	@BeforeAll
	void startSuite() throws Exception {
		assertThat(new ProcessBuilder("id", "-u").start().inputReader().readLine())
			.as("the end-to-end test makes cgroups, a mount namespace and a DNS server on port 53: run it as root")
			.isEqualTo("0");
		// What an earlier run left running is stopped; its keys and configuration are not reused.
		cmon("down");
		DeploymentFilesTests.deleteTree(home);
		for (String port : List.of("CMON_PROXY_PORT", "CMON_AGENT_PORT", "CMON_DISCOVERY_PORT", "CMON_CNS_HTTP_PORT",
				"CMON_PROMETHEUS_PORT", "CMON_AGENT_MGMT_PORT", "CMON_PROXY_MGMT_PORT", "CMON_DISCOVERY_MGMT_PORT",
				"CMON_CNS_MGMT_PORT")) {
			ports.put(port, freePort());
		}
		dnsAddress = freeLoopbackAddressForDns();
		prometheus = new Prometheus(URI.create("http://127.0.0.1:" + ports.get("CMON_PROMETHEUS_PORT")));
		CgroupContainer.prepareRoot(root);
		web1 = CgroupContainer.busyInOwnNetwork(root, "web1").limitMemory(WEB1_MEMORY_LIMIT);
		web2 = CgroupContainer.idle(root, "web2");
		other = CgroupContainer.busy(root, "other-1");
		appHang = CgroupContainer.applicationInOwnNetwork(root, "app-hang", project.resolve("docs/app-demo/exporter.py"));
		cmon("up", "-d");
		await(prometheus::isReady, Duration.ofSeconds(60), "Prometheus ready");
	}

	/** A port nothing listens on now; ./cmon starts a moment later. */
	private int freePort() throws IOException {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (!ports.containsValue(port)) {
					return port;
				}
			}
		}
	}

	/** An address in 127.0.0.0/8 (not 127.0.0.x, which ./cmon and others use) whose port 53 is free. */
	private static InetAddress freeLoopbackAddressForDns() throws IOException {
		SecureRandom random = new SecureRandom();
		for (int attempt = 0; attempt < 20; attempt++) {
			InetAddress address = InetAddress.getByAddress(new byte[] { 127, (byte) (1 + random.nextInt(254)),
					(byte) random.nextInt(256), (byte) (1 + random.nextInt(254)) });
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 53));
					ServerSocket tcp = new ServerSocket()) {
				tcp.bind(new InetSocketAddress(address, 53));
				return address;
			}
			catch (IOException ex) {
				// Taken: another run's adapter. Try another address.
			}
		}
		throw new IOException("found no loopback address with port 53 free for UDP and TCP in 20 tries");
	}

	@AfterAll
	void stopSuite() throws Exception {
		try {
			cmon("down");
		}
		finally {
			for (CgroupContainer container : new CgroupContainer[] { web1, web2, other, appHang }) {
				if (container != null) {
					container.close();
				}
			}
			CgroupContainer.removeRoot(root);
		}
	}

	@Test
	@Order(1)
	void theAccountsContainersAreDiscoveredAndScrapedThroughDnsAndTheProxy() throws Exception {
		await(() -> upTargets().keySet().containsAll(List.of("web1", "web2")), Duration.ofSeconds(120),
				"web1 and web2 scraped with up == 1");
		List<Prometheus.Target> targets = prometheus.targets("cmon");
		assertThat(targets).extracting(Prometheus.Target::alias).doesNotContain("other-1");
		Prometheus.Target web = targets.stream().filter(t -> "web1".equals(t.alias())).findFirst().orElseThrow();
		assertThat(web.scrapeUrl())
			.isEqualTo("https://" + web.vmUuid() + ".cmon.dev.cns.test:" + ports.get("CMON_PROXY_PORT") + "/metrics");
		assertThat(UUID.fromString(web.vmUuid())).isNotNull();
		assertThat(prometheus.value("up{job=\"cmon\",instance=\"web1\"}")).hasValue(1.0);
	}

	@Test
	@Order(2)
	void cpuCountersOfABusyContainerIncrease() throws Exception {
		await(() -> prometheus.value("cpu_user_usage{instance=\"web1\"}").isPresent(), Duration.ofSeconds(30),
				"cpu_user_usage of web1");
		double first = prometheus.value("cpu_user_usage{instance=\"web1\"}").getAsDouble();
		await(() -> prometheus.value("cpu_user_usage{instance=\"web1\"}").orElse(0) > first, Duration.ofSeconds(60),
				"cpu_user_usage of web1 to grow past " + first);
	}

	/**
	 * Every query of the Grafana dashboard shipped in docs/ has data from this Prometheus, as
	 * Grafana would send it for job {@code cmon} and all instances: a panel that stays empty on
	 * Linux (as {@code load_average} did) fails here.
	 */
	@Test
	@Order(3)
	@SuppressWarnings("unchecked")
	void everyQueryOfTheDashboardHasData() throws Exception {
		Map<String, Object> dashboard = JsonMapper.shared()
			.readValue(project.resolve("docs/grafana/dashboards/containers.json").toFile(), Map.class);
		List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
		assertThat(panels).isNotEmpty();
		for (Map<String, Object> panel : panels) {
			List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
			assertThat(targets).as("queries of panel %s", panel.get("title")).isNotEmpty();
			for (Map<String, Object> target : targets) {
				// Grafana's $__rate_interval is at least four scrape intervals (2 s here).
				String query = ((String) target.get("expr")).replace("$job", "cmon")
					.replace("$instance", ".+")
					.replace("$__rate_interval", "10s");
				await(() -> prometheus.seriesCount(query) > 0, Duration.ofSeconds(60),
						"data for panel '" + panel.get("title") + "' query " + target.get("refId") + ": " + query);
			}
		}
		assertThat(prometheus.value("mem_limit{instance=\"web1\"}")).hasValue((double) WEB1_MEMORY_LIMIT);
	}

	@Test
	@Order(4)
	void aContainerRemovedOnTheNodeLeavesTheTargets() throws Exception {
		web2.close();
		web2 = null;
		await(() -> prometheus.targets("cmon").stream().noneMatch(t -> "web2".equals(t.alias())), Duration.ofSeconds(60),
				"web2 to leave Prometheus' targets");
	}

	@Test
	@Order(5)
	void killingTheAgentMakesItsTargetsDownAndRestartingItRecovers() throws Exception {
		long pid = Long.parseLong(Files.readString(home.resolve("pids/metric-agent.pid")).trim());
		ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
		agent.destroyForcibly();
		agent.onExit().get(30, TimeUnit.SECONDS);
		await(() -> prometheus.value("up{job=\"cmon\",instance=\"web1\"}").orElse(-1) == 0, Duration.ofSeconds(30),
				"up == 0 for web1 with its agent dead");
		cmon("up", "-d");
		await(() -> prometheus.value("up{job=\"cmon\",instance=\"web1\"}").orElse(-1) == 1, Duration.ofSeconds(90),
				"up == 1 for web1 after the agent restarted");
	}

	/**
	 * ./cmon up's demo container (an application on its own network namespace's 127.0.0.1:9090
	 * only) is scraped by Prometheus' second job, {@code cmon-app}: same Triton SD, path
	 * {@code /app/metrics}, through the proxy with the account's certificate.
	 */
	@Test
	@Order(6)
	void theApplicationInsideAContainerIsScrapedThroughTheProxy() throws Exception {
		await(() -> prometheus.targets("cmon-app").stream()
			.anyMatch(t -> "app-demo".equals(t.alias()) && "up".equals(t.health())), Duration.ofSeconds(120),
				"app-demo's application scraped with up == 1");
		Prometheus.Target app = prometheus.targets("cmon-app").stream()
			.filter(t -> "app-demo".equals(t.alias()))
			.findFirst()
			.orElseThrow();
		assertThat(app.scrapeUrl()).isEqualTo(
				"https://" + app.vmUuid() + ".cmon.dev.cns.test:" + ports.get("CMON_PROXY_PORT") + "/app/metrics");
		assertThat(prometheus.value("up{job=\"cmon-app\",instance=\"app-demo\"}")).hasValue(1.0);
		await(() -> prometheus.value("demo_requests_total{job=\"cmon-app\",instance=\"app-demo\",path=\"/\"}")
			.isPresent(), Duration.ofSeconds(30), "the application's own series");
		assertThat(prometheus.value("demo_requests_total{job=\"cmon-app\",instance=\"app-demo\",path=\"/\"}"))
			.hasValue(42.0);
		// The application's series are not in the container's own scrape, nor the container's in the application's.
		assertThat(prometheus.seriesCount("demo_up{job=\"cmon\"}")).isZero();
		assertThat(prometheus.seriesCount("cpu_user_usage{job=\"cmon-app\"}")).isZero();
	}

	@Test
	@Order(7)
	void anotherAccountsApplicationIs404AndAContainerThatDeclaresNoneToo() throws Exception {
		Curl theirs = curl(uuidOf("other-1"), "/app/metrics");
		Curl undeclared = curl(uuidOf("web1"), "/app/metrics");
		for (Curl answer : List.of(theirs, undeclared)) {
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.body()).isEqualTo("{\"code\":\"NotFoundError\",\"message\":\"\"}");
		}
		assertThat(curl(uuidOf("other-1"), "/metrics").body()).isEqualTo(theirs.body());
	}

	@Test
	@Order(8)
	void aHungApplicationIsA504WhileItsContainersMetricsKeepAnswering() throws Exception {
		String uuid = uuidOf("app-hang");
		java.util.concurrent.CompletableFuture<Curl> hung = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
			try {
				return curl(uuid, "/app/metrics");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(500);
		Curl metrics = curl(uuid, "/metrics");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("cpu_user_usage");
		Curl answer = hung.get(30, TimeUnit.SECONDS);
		assertThat(answer.status()).isEqualTo(504);
		assertThat(answer.body())
			.isEqualTo("{\"code\":\"GatewayTimeoutError\",\"message\":\"application did not answer within 5000 ms\"}");
	}

	/** A container's VM uuid, as triton-discovery's VMAPI-compatible listing has it. */
	private String uuidOf(String alias) throws Exception {
		java.net.http.HttpResponse<String> vms = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + ports.get("CMON_DISCOVERY_PORT") + "/vms"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		for (tools.jackson.databind.JsonNode vm : JsonMapper.shared().readTree(vms.body())) {
			if (alias.equals(vm.path("alias").asString(""))) {
				return vm.path("uuid").asString();
			}
		}
		throw new AssertionError("no VM " + alias + " in " + vms.body());
	}

	/** What curl got from the proxy for a target's path, with the account's cmon-certgen certificate. */
	private record Curl(int status, String body) {
	}

	private Curl curl(String uuid, String path) throws Exception {
		String host = uuid + ".cmon.dev.cns.test";
		int port = ports.get("CMON_PROXY_PORT");
		Path tls = home.resolve("tls");
		Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--cacert", tls.resolve("ca.pem").toString(),
				"--cert", tls.resolve("cmon-dev-cert.pem").toString(), "--key", tls.resolve("cmon-dev-key.pem").toString(),
				"--resolve", host + ":" + port + ":127.0.0.1", "-w", "\n%{http_code}", "https://" + host + ":" + port + path)
			.redirectErrorStream(true)
			.start();
		String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
		int newline = out.lastIndexOf('\n');
		return new Curl(Integer.parseInt(out.substring(newline + 1).trim()), out.substring(0, Math.max(0, newline)));
	}

	private Map<String, Prometheus.Target> upTargets() throws Exception {
		Map<String, Prometheus.Target> up = new HashMap<>();
		for (Prometheus.Target target : prometheus.targets("cmon")) {
			if ("up".equals(target.health())) {
				up.put(target.alias(), target);
			}
		}
		return up;
	}

	private void cmon(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(project.resolve("cmon").toString());
		command.addAll(List.of(args));
		// Into a file, not the test JVM's own stdout (which surefire's channel to the fork uses).
		Path output = Path.of("target", "cmon-e2e-" + String.join("-", args) + ".log").toAbsolutePath();
		ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		Map<String, String> env = builder.environment();
		env.put("CMON_HOME", home.toString());
		env.put("CMON_CGROUP_ROOTS", "/" + root);
		ports.forEach((variable, port) -> env.put(variable, Integer.toString(port)));
		if (dnsAddress != null) {
			env.put("CMON_DNS_ADDR", dnsAddress.getHostAddress());
			env.put("CMON_DNS_PORT", "53");
		}
		env.put("CMON_OWNER_MAPPING", "other*=" + OTHER_ACCOUNT);
		// ./cmon's own demo container, one whose application hangs, and the other account's.
		env.put("CMON_APP_ENDPOINTS", "app-demo=9090 app-hang=9090/hang other*=9090");
		env.put("CMON_SD_REFRESH", "2s");
		env.put("CMON_SCRAPE_INTERVAL", "2s");
		Process process = builder.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("./cmon %s finished", String.join(" ", args)).isTrue();
		assertThat(process.exitValue()).as("./cmon %s exit status; it said:%n%s", String.join(" ", args),
				Files.readString(output)).isZero();
	}

	interface Check {

		boolean holds() throws Exception;

	}

	private void await(Check check, Duration timeout, String what) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!check.holds()) {
			if (System.nanoTime() > deadline) {
				String targets = prometheus.isReady() ? prometheus.targets("cmon").toString() : "(Prometheus not ready)";
				throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; targets: " + targets);
			}
			Thread.sleep(500);
		}
	}

}
