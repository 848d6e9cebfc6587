package io.containermonitor.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, run for real on podman: the images built from Debian's packages by
 * docker/local-images.sh, the compose project brought up by docker/compose-podman.sh (Debian's
 * docker-compose against podman's API) with docker/compose.local.yml, which only leaves out
 * Grafana (its image cannot exist without a registry). A container of this machine is then
 * followed the whole way: discovered by the composed Prometheus through triton_sd_configs,
 * resolved through the composed cns-adapter, scraped with the client certificate through
 * either proxy replica. Ports, subnet and project name are this run's own, so it runs beside
 * a developer's compose project or ./cmon up. Everything it starts is removed, also on failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeEndToEndTests {

	private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

	/** Services that run here: all of docker-compose.yml's but Grafana (docker/compose.local.yml). */
	private static final Set<String> SERVICES = Set.of("secrets", "redis", "triton-discovery", "metric-agent",
			"metric-proxy-a", "metric-proxy-b", "cns-adapter", "prometheus", "metrics-forwarder", "victoria-metrics");

	/** The two that need root, and the capabilities each is given (and so has): nothing else. */
	private static final Map<String, Long> ROOT_SERVICES_CAPABILITIES = Map.of(
			"metric-agent", 1L << 19, // CAP_SYS_PTRACE
			"secrets", (1L << 0) | (1L << 2)); // CAP_CHOWN, CAP_DAC_READ_SEARCH

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	private final Path work = Path.of("target", "compose-e2e").toAbsolutePath();

	private final String name = "cmone2e" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

	private final Map<String, String> env = new HashMap<>();

	private String workload;

	private Prometheus prometheus;

	private String caFile;

	private int proxyPort;

	@BeforeAll
	void buildImagesAndBringTheProjectUp() throws Exception {
		for (String tool : List.of("podman", "runc", "docker-compose", "debootstrap", "curl")) {
			assertThat(run(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).exit())
				.as("%s is needed to run docker-compose.yml here (.ci/run installs podman, runc, docker-compose, "
						+ "debootstrap and curl)", tool)
				.isZero();
		}
		DeploymentFilesTests.deleteTree(work);
		Files.createDirectories(work);
		Path home = work.resolve("cmon");
		env.put("CONTAINERS_CONF", project.resolve("docker/containers.conf").toString());
		env.put("CMON_HOME", home.toString());
		env.put("CMON_PODMAN_RUN", work.resolve("podman").toString());
		Result certs = run(Duration.ofSeconds(120), project.resolve("cmon").toString(), "certs");
		assertThat(certs.exit()).as(certs.output()).isZero();
		env.put("CMON_ACCOUNT_UUID", Files.readString(home.resolve("tls/dev.uuid")).strip());
		env.put("CMON_PROXY_TOKEN", Files.readString(home.resolve("config/proxy-token.secret")).strip());
		env.put("CMON_AGENT_TOKEN", Files.readString(home.resolve("config/agent-token.secret")).strip());
		env.put("CMON_NET", freeSubnet());
		proxyPort = freePort();
		int prometheusPort = freePort();
		env.put("CMON_PROXY_PORT", Integer.toString(proxyPort));
		env.put("CMON_PROMETHEUS_PORT", Integer.toString(prometheusPort));
		env.put("CMON_VICTORIA_PORT", Integer.toString(freePort()));
		caFile = home.resolve("tls/ca.pem").toString();

		Result images = run(Duration.ofMinutes(25), project.resolve("docker/local-images.sh").toString());
		assertThat(images.exit()).as("docker/local-images.sh: %s", images.output()).isZero();

		// A container of this machine that is none of the suite's: it burns a little CPU every second.
		Result started = podman(Duration.ofSeconds(60), "run", "-d", "--name", name + "-workload",
				"containermonitor/debian:bookworm", "sh", "-c",
				"while :; do head -c 4000000 /dev/urandom | sha256sum >/dev/null; sleep 1; done");
		assertThat(started.exit()).as(started.output()).isZero();
		workload = started.output().strip().lines().reduce((a, b) -> b).orElseThrow();

		Result up = compose(Duration.ofMinutes(10), "up", "-d");
		assertThat(up.exit()).as("compose up: %s", up.output()).isZero();
		prometheus = new Prometheus(URI.create("http://127.0.0.1:" + prometheusPort));
	}

	@AfterAll
	void removeEverythingStarted() throws Exception {
		if (workload != null) {
			podman(Duration.ofSeconds(60), "rm", "-f", "-t", "2", workload);
		}
		compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans", "-t", "5");
		// A failed `down` must not leave this run's parts on a shared machine.
		String label = "label=com.docker.compose.project=" + name;
		for (String id : podman(Duration.ofSeconds(30), "ps", "-aq", "--filter", label).output().split("\\s+")) {
			if (!id.isBlank()) {
				podman(Duration.ofSeconds(60), "rm", "-f", id);
			}
		}
		for (String kind : List.of("network", "volume")) {
			for (String id : podman(Duration.ofSeconds(30), kind, "ls", "-q", "--filter", label).output().split("\\s+")) {
				if (!id.isBlank()) {
					podman(Duration.ofSeconds(60), kind, "rm", "-f", id);
				}
			}
		}
		run(Duration.ofSeconds(30), project.resolve("docker/compose-podman.sh").toString(), "stop-engine");
	}

	@Test
	@Order(1)
	void everyServiceBecomesHealthy() throws Exception {
		awaitTrue(Duration.ofMinutes(4), "every service's health check passes", () -> {
			Map<String, String> status = statusByService();
			return status.keySet().equals(SERVICES) && status.values().stream().allMatch(s -> s.contains("(healthy)"));
		});
		Result listed = compose(Duration.ofSeconds(30), "config", "--services");
		assertThat(Set.of(listed.output().strip().split("\\s+"))).as("the compose file's own services, run here")
			.containsAll(SERVICES)
			.contains("grafana");
	}

	@Test
	@Order(2)
	void prometheusDiscoversThisMachinesContainerAndScrapesItThroughTheProxyWithItsCertificate() throws Exception {
		String alias = workload.substring(0, 12);
		awaitTrue(Duration.ofMinutes(3), "Prometheus discovers and scrapes container " + alias, () -> {
			OptionalDouble up = prometheus.value("up{job=\"cmon\",instance=\"" + alias + "\"}");
			return up.isPresent() && up.getAsDouble() == 1;
		});
		Prometheus.Target target = prometheus.targets("cmon").stream()
			.filter(t -> alias.equals(t.discoveredLabels().get("__meta_triton_machine_alias")))
			.findFirst()
			.orElseThrow();
		String uuid = target.discoveredLabels().get("__meta_triton_machine_id");
		// Only the composed cns-adapter can resolve this name: it is Prometheus' one DNS server.
		assertThat(target.scrapeUrl()).isEqualTo("https://" + uuid + ".cmon.dev.cns.test:9163/metrics");
		assertThat(target.health()).isEqualTo("up");

		double first = cpuOf(alias);
		awaitTrue(Duration.ofSeconds(60), "the workload's CPU counter grows", () -> cpuOf(alias) > first);

		// The same scrape from here, through the published proxy port: the client certificate is what opens it.
		String url = "https://" + uuid + ".cmon.dev.cns.test:" + proxyPort + "/metrics";
		String resolve = uuid + ".cmon.dev.cns.test:" + proxyPort + ":127.0.0.1";
		Path tls = Path.of(env.get("CMON_HOME"), "tls");
		Result withCert = run(Duration.ofSeconds(30), "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
				"--cacert", caFile, "--resolve", resolve, "--cert", tls.resolve("cmon-dev-cert.pem").toString(),
				"--key", tls.resolve("cmon-dev-key.pem").toString(), url);
		assertThat(withCert.output().strip()).isEqualTo("200");
		Result withoutCert = run(Duration.ofSeconds(30), "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
				"--cacert", caFile, "--resolve", resolve, url);
		assertThat(withoutCert.output().strip()).as("a scrape without a client certificate").isNotEqualTo("200");
	}

	@Test
	@Order(3)
	void scrapesContinueThroughEitherProxyReplicaWhileTheOtherIsStopped() throws Exception {
		String alias = workload.substring(0, 12);
		awaitTrue(Duration.ofMinutes(3), "the workload is scraped",
				() -> prometheus.value("up{instance=\"" + alias + "\"}").orElse(0) == 1);
		for (String[] pair : List.of(new String[] { "metric-proxy-a", "metric-proxy-b" },
				new String[] { "metric-proxy-b", "metric-proxy-a" })) {
			String stopped = pair[0];
			String serving = pair[1];
			double servedBefore = scrapesServedBy(serving);
			Result stop = compose(Duration.ofSeconds(60), "stop", "-t", "5", stopped);
			assertThat(stop.exit()).as(stop.output()).isZero();
			double stoppedAt = Instant.now().getEpochSecond();
			awaitTrue(SCRAPE_INTERVAL.multipliedBy(6), "a successful scrape after " + stopped + " stopped", () -> {
				OptionalDouble at = prometheus.value("timestamp(up{instance=\"" + alias + "\"} == 1)");
				return at.isPresent() && at.getAsDouble() > stoppedAt + 1;
			});
			assertThat(scrapesServedBy(serving)).as("%s served the scrapes while %s was stopped", serving, stopped)
				.isGreaterThan(servedBefore);
			Result start = compose(Duration.ofSeconds(60), "start", stopped);
			assertThat(start.exit()).as(start.output()).isZero();
			awaitTrue(Duration.ofMinutes(3), stopped + " is healthy again",
					() -> statusByService().getOrDefault(stopped, "").contains("(healthy)"));
		}
	}

	@Test
	@Order(4)
	void theAgentSeesTheHostsProcessesAndCgroupsReadOnlyWithOnlySysPtrace() throws Exception {
		String agent = containerOf("metric-agent");
		JsonNode inspect = inspect(agent);
		assertThat(inspect.path("HostConfig").path("PidMode").asString()).isEqualTo("host");
		String workloadPid = podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Pid}}", workload).output()
			.strip();
		// The host's process table: the workload's process, by its host pid, and its cgroup in the host's tree.
		Result sees = podman(Duration.ofSeconds(30), "exec", agent, "sh", "-c", "cat /proc/" + workloadPid
				+ "/cmdline | tr '\\0' ' '; echo; grep -lx " + workloadPid + " /sys/fs/cgroup/*/libpod_parent/libpod-"
				+ workload + "/cgroup.procs /sys/fs/cgroup/libpod_parent/libpod-" + workload + "/cgroup.procs 2>/dev/null");
		assertThat(sees.output()).contains("sh -c while").contains("libpod-" + workload + "/cgroup.procs");
		Result writes = podman(Duration.ofSeconds(30), "exec", agent, "sh", "-c",
				"touch /sys/fs/cgroup/cmon-e2e-probe || touch /app/cmon-e2e-probe || echo refused");
		assertThat(writes.output()).as("cgroups and the image are read-only to the agent").contains("refused");

		// It needs SYS_PTRACE for another process' network namespace, and nothing more for it: the same
		// image, pid namespace and user, without the capability, is refused.
		List<String> probe = List.of("run", "--rm", "--pid", "host", "--user", "0", "--cap-drop", "ALL",
				"--security-opt", "no-new-privileges", "--read-only", "--entrypoint", "readlink");
		List<String> without = new ArrayList<>(probe);
		without.addAll(List.of("containermonitor/metric-agent:" + ProjectVersion.release(), "/proc/" + workloadPid + "/ns/net"));
		List<String> with = new ArrayList<>(probe);
		with.addAll(List.of("--cap-add", "SYS_PTRACE", "containermonitor/metric-agent:" + ProjectVersion.release(),
				"/proc/" + workloadPid + "/ns/net"));
		assertThat(podman(Duration.ofSeconds(60), without.toArray(String[]::new)).exit()).as("readlink without SYS_PTRACE")
			.isNotZero();
		Result withPtrace = podman(Duration.ofSeconds(60), with.toArray(String[]::new));
		assertThat(withPtrace.output()).as("readlink with SYS_PTRACE").startsWith("net:[");

		// The agent reads that namespace: the workload's network counters are scraped.
		String alias = workload.substring(0, 12);
		awaitTrue(Duration.ofMinutes(2), "network counters of " + alias,
				() -> prometheus.seriesCount("{__name__=~\"net_agg_.*\",instance=\"" + alias + "\"}") > 0);
	}

	@Test
	@Order(5)
	void servicesRunAsNonRootReadOnlyAndRootOnesHaveOnlyTheirCapabilities() throws Exception {
		for (String service : SERVICES) {
			String container = containerOf(service);
			JsonNode inspect = inspect(container);
			assertThat(inspect.path("HostConfig").path("ReadonlyRootfs").asBoolean()).as("%s read-only", service).isTrue();
			String pid = inspect.path("State").path("Pid").asString();
			Map<String, String> status = procStatus(pid);
			String uid = status.get("Uid").split("\\s+")[0];
			long capEff = Long.parseLong(status.get("CapEff"), 16);
			if (ROOT_SERVICES_CAPABILITIES.containsKey(service)) {
				assertThat(uid).as("%s runs as root", service).isEqualTo("0");
				assertThat(capEff).as("%s's capabilities", service).isEqualTo(ROOT_SERVICES_CAPABILITIES.get(service));
			}
			else {
				assertThat(uid).as("%s's uid", service).isNotEqualTo("0");
				assertThat(capEff).as("%s's capabilities", service).isZero();
			}
			assertThat(status.get("NoNewPrivs")).as("%s no_new_privs", service).isEqualTo("1");
		}
		// Keys: each service's own copy, readable by its uid alone; none readable by others anywhere.
		for (String service : List.of("metric-proxy-a", "prometheus", "metrics-forwarder")) {
			Result keys = podman(Duration.ofSeconds(30), "exec", containerOf(service), "sh", "-c",
					"find /etc/cmon -type f -name '*key*.pem' -perm 0400 -user $(id -u) | wc -l; "
							+ "find /etc/cmon -type f -perm /044 | wc -l; cat /etc/cmon/*/*key*.pem | head -1");
			List<String> lines = keys.output().lines().toList();
			assertThat(lines).as("%s's keys", service).hasSize(3);
			assertThat(lines.subList(0, 2)).as("%s: keys 0400 of its uid, files readable by others", service)
				.containsExactly("1", "0");
			assertThat(lines.get(2)).as("%s reads its key", service).matches("-----BEGIN (EC )?PRIVATE KEY-----");
		}
		Result prometheusReadsProxyKey = podman(Duration.ofSeconds(30), "exec", containerOf("prometheus"), "sh", "-c",
				"ls /etc/cmon/proxy 2>&1 || echo absent");
		assertThat(prometheusReadsProxyKey.output()).as("the proxy's key is not in Prometheus' container").contains("absent");
	}

	@Test
	@Order(6)
	void imagesContainNoBuildTools() throws Exception {
		Set<String> images = new HashSet<>();
		for (String service : SERVICES) {
			images.add(inspect(containerOf(service)).path("Config").path("Image").asString());
		}
		assertThat(images).hasSize(SERVICES.size() - 1); // the two proxy replicas share one
		for (String image : images) {
			Result tools = podman(Duration.ofSeconds(60), "run", "--rm", "--network", "none", "--entrypoint", "sh", image,
					"-c", "for t in gcc cc c++ make javac jar jlink mvn gradle ld as go rustc; do command -v $t; done; "
							+ "ls /usr/lib/jvm/*/bin 2>/dev/null | grep -x javac; echo checked");
			assertThat(tools.output().strip()).as("build tools in %s", image).isEqualTo("checked");
		}
	}

	@Test
	@Order(7)
	void downLeavesNoContainerNetworkOrVolumeBehind() throws Exception {
		String label = "label=com.docker.compose.project=" + name;
		assertThat(podman(Duration.ofSeconds(30), "volume", "ls", "-q", "--filter", label).output().strip())
			.as("the project's volumes exist before down, so the checks below can fail")
			.isNotEmpty();
		Result down = compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans", "-t", "5");
		assertThat(down.exit()).as(down.output()).isZero();
		assertThat(podman(Duration.ofSeconds(30), "ps", "-aq", "--filter", label).output().strip()).isEmpty();
		assertThat(podman(Duration.ofSeconds(30), "network", "ls", "-q", "--filter", label).output().strip()).isEmpty();
		assertThat(podman(Duration.ofSeconds(30), "volume", "ls", "-q", "--filter", label).output().strip()).isEmpty();
		assertThat(podman(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}").output())
			.doesNotContain(name + "_");
		assertThat(podman(Duration.ofSeconds(30), "volume", "ls", "--format", "{{.Name}}").output())
			.doesNotContain(name + "_");
	}

	private double cpuOf(String alias) throws IOException, InterruptedException {
		return prometheus.value("sum(cpu_user_usage{instance=\"" + alias + "\"}) + sum(cpu_sys_usage{instance=\"" + alias
				+ "\"})").orElse(-1);
	}

	/** Scrapes of agents a proxy replica answered (its own counter, read on its management port). */
	private double scrapesServedBy(String service) throws IOException, InterruptedException {
		Result metrics = podman(Duration.ofSeconds(30), "exec", containerOf(service), "curl", "-fsS",
				"http://localhost:9171/actuator/prometheus");
		assertThat(metrics.exit()).as(metrics.output()).isZero();
		return metrics.output().lines()
			.filter(line -> line.startsWith("cmon_proxy_requests_total{") && line.contains("route=\"agent-metrics\"")
					&& line.contains("status=\"200\""))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private Map<String, String> statusByService() throws IOException, InterruptedException {
		Result ps = podman(Duration.ofSeconds(30), "ps", "-a", "--filter", "label=com.docker.compose.project=" + name,
				"--format", "{{.Labels}}|{{.Status}}");
		Map<String, String> status = new HashMap<>();
		for (String line : ps.output().strip().split("\n")) {
			int at = line.indexOf("com.docker.compose.service:");
			if (at >= 0) {
				String service = line.substring(at + "com.docker.compose.service:".length()).split("[ \\]]")[0];
				status.put(service, line.substring(line.lastIndexOf('|') + 1));
			}
		}
		return status;
	}

	private String containerOf(String service) throws IOException, InterruptedException {
		Result id = podman(Duration.ofSeconds(30), "ps", "-q", "--filter", "label=com.docker.compose.project=" + name,
				"--filter", "label=com.docker.compose.service=" + service);
		assertThat(id.output().strip()).as("running container of %s", service).isNotEmpty();
		return id.output().strip().split("\\s+")[0];
	}

	private JsonNode inspect(String container) throws IOException, InterruptedException {
		return JsonMapper.shared().readTree(podman(Duration.ofSeconds(30), "inspect", container).output()).get(0);
	}

	private static Map<String, String> procStatus(String pid) throws IOException {
		Map<String, String> fields = new HashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
			int colon = line.indexOf(':');
			fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
		}
		return fields;
	}

	/** A /24 under 172.28 that no podman network of this machine uses. */
	private String freeSubnet() throws IOException, InterruptedException {
		String used = podman(Duration.ofSeconds(30), "network", "ls", "--format", "{{.Subnets}}").output();
		for (int attempt = 0; attempt < 100; attempt++) {
			String net = "172.28." + ThreadLocalRandom.current().nextInt(100, 250);
			if (!used.contains(net + ".")) {
				return net;
			}
		}
		throw new AssertionError("no free 172.28.x.0/24 among podman's networks: " + used);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private Result compose(Duration timeout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(project.resolve("docker/compose-podman.sh").toString(), "-p", name,
				"-f", "docker-compose.yml", "-f", "docker/compose.local.yml"));
		command.addAll(List.of(args));
		return run(timeout, command.toArray(String[]::new));
	}

	private Result podman(Duration timeout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("podman"));
		command.addAll(List.of(args));
		return run(timeout, command.toArray(String[]::new));
	}

	private Result run(Duration timeout, String... command) throws IOException, InterruptedException {
		Path log = Files.createTempFile(Files.createDirectories(work), "run", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(env);
		Process process = builder.start();
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroy);
			process.destroy();
			process.waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError(String.join(" ", command) + " took longer than " + timeout + ": "
					+ Files.readString(log, StandardCharsets.UTF_8));
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		return new Result(process.exitValue(), output);
	}

	private static void awaitTrue(Duration timeout, String what, Check check) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			try {
				if (check.holds()) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			Thread.sleep(2000);
		}
		throw new AssertionError("not within " + timeout + ": " + what, last);
	}

	@FunctionalInterface
	private interface Check {

		boolean holds() throws Exception;

	}

	private record Result(int exit, String output) {
	}

}
