package io.containermonitor.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole seed path with real parts: real cgroup containers on this machine, the
 * suite started as {@code ./cmon up} starts it, and the real Prometheus it starts
 * with {@code triton_sd_configs}, resolving {@code <uuid>.cmon.<dc>.<suffix>}
 * through cns-adapter's DNS and scraping through metric-proxy with mTLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTests {

	private static final String ROOT = "cmon-e2e";

	private static final String OTHER_ACCOUNT = "0ddba11a-0000-4000-8000-00000000e2e0";

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	private final Path home = Path.of("target", "cmon-home").toAbsolutePath();

	private final Prometheus prometheus = new Prometheus(URI.create("http://127.0.0.1:9090"));

	private CgroupContainer web1;

	private CgroupContainer web2;

	private CgroupContainer other;

	@BeforeAll
	void startSuite() throws Exception {
		assertThat(new ProcessBuilder("id", "-u").start().inputReader().readLine())
			.as("the end-to-end test makes cgroups, a mount namespace and a DNS server on port 53: run it as root")
			.isEqualTo("0");
		cmon("down");
		CgroupContainer.prepareRoot(ROOT);
		web1 = CgroupContainer.busy(ROOT, "web1");
		web2 = CgroupContainer.idle(ROOT, "web2");
		other = CgroupContainer.busy(ROOT, "other-1");
		cmon("up", "-d");
		await(prometheus::isReady, Duration.ofSeconds(60), "Prometheus ready");
	}

	@AfterAll
	void stopSuite() throws Exception {
		try {
			cmon("down");
		}
		finally {
			for (CgroupContainer container : new CgroupContainer[] { web1, web2, other }) {
				if (container != null) {
					container.close();
				}
			}
			CgroupContainer.removeRoot(ROOT);
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
		assertThat(web.scrapeUrl()).isEqualTo("https://" + web.vmUuid() + ".cmon.dev.cns.test:9163/metrics");
		assertThat(UUID.fromString(web.vmUuid())).isNotNull();
		assertThat(prometheus.value("up{instance=\"web1\"}")).hasValue(1.0);
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

	@Test
	@Order(3)
	void aContainerRemovedOnTheNodeLeavesTheTargets() throws Exception {
		web2.close();
		web2 = null;
		await(() -> prometheus.targets("cmon").stream().noneMatch(t -> "web2".equals(t.alias())), Duration.ofSeconds(60),
				"web2 to leave Prometheus' targets");
	}

	@Test
	@Order(4)
	void killingTheAgentMakesItsTargetsDownAndRestartingItRecovers() throws Exception {
		long pid = Long.parseLong(Files.readString(home.resolve("pids/metric-agent.pid")).trim());
		ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
		agent.destroyForcibly();
		agent.onExit().get(30, TimeUnit.SECONDS);
		await(() -> prometheus.value("up{instance=\"web1\"}").orElse(-1) == 0, Duration.ofSeconds(30),
				"up == 0 for web1 with its agent dead");
		cmon("up", "-d");
		await(() -> prometheus.value("up{instance=\"web1\"}").orElse(-1) == 1, Duration.ofSeconds(90),
				"up == 1 for web1 after the agent restarted");
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
		ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).inheritIO();
		Map<String, String> env = builder.environment();
		env.put("CMON_HOME", home.toString());
		env.put("CMON_CGROUP_ROOTS", "/" + ROOT);
		env.put("CMON_OWNER_MAPPING", "other*=" + OTHER_ACCOUNT);
		env.put("CMON_SD_REFRESH", "2s");
		env.put("CMON_SCRAPE_INTERVAL", "2s");
		Process process = builder.start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("./cmon %s finished", String.join(" ", args)).isTrue();
		assertThat(process.exitValue()).as("./cmon %s exit status", String.join(" ", args)).isZero();
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
