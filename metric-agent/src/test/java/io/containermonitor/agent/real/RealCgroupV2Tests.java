package io.containermonitor.agent.real;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.KeyValueLines;
import io.containermonitor.agent.NameBasedUuid;
import io.containermonitor.agent.Promtool;
import io.containermonitor.agent.RealCgroups;
import io.containermonitor.agent.Scrape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.containermonitor.agent.Scrape.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The agent on a real cgroup v2 hierarchy: {@code /sys/fs/cgroup} on pure v2 machines,
 * the hybrid layout's {@code /sys/fs/cgroup/unified} here. On this project's CI machine
 * that hierarchy has no cpu or memory controller, so only what v2 always offers is
 * real ({@code cpu.stat} usage, {@code cpu.pressure}, {@code cgroup.procs}); memory is
 * checked against the kernel when {@code memory.current} exists, and otherwise must be
 * reported unavailable without failing the scrape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.cgroup-version=v2", "cmon.agent.cache.kernel-ttl=0s",
				"cmon.agent.plugins.vm-dir=target/no-plugins", "cmon.agent.plugins.gz-dir=target/no-plugins",
				"management.server.port=0" })
class RealCgroupV2Tests {

	private static final String GROUP = RealCgroups.group("v2");

	@LocalServerPort
	int port;

	private RealCgroups cgroups;

	private Scrape scrape;

	/** The cgroup2 mount: the root on pure v2, else the hybrid layout's unified tree; null if none. */
	static Path v2Root() {
		for (Path candidate : List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"))) {
			if (Files.exists(candidate.resolve("cgroup.controllers"))) {
				return candidate;
			}
		}
		return null;
	}

	@DynamicPropertySource
	static void roots(DynamicPropertyRegistry registry) {
		Path root = v2Root();
		registry.add("cmon.agent.cgroup-root", () -> root == null ? "/nonexistent" : root.toString());
		registry.add("cmon.agent.discovery.roots", () -> GROUP);
	}

	@BeforeAll
	static void requireRootAndV2() {
		assumeThat(RealCgroups.isRoot()).as("real cgroup tests need root").isTrue();
		assumeThat(v2Root()).as("a cgroup2 hierarchy is mounted").isNotNull();
		RealCgroups.sweep(List.of(v2Root()));
	}

	@BeforeEach
	void setUp() {
		cgroups = new RealCgroups(List.of(v2Root()), GROUP);
		scrape = new Scrape(port);
	}

	@AfterEach
	void cleanUp() {
		cgroups.close();
	}

	private String metrics(String name) throws Exception {
		HttpResponse<String> response = scrape
			.get("/v1/" + NameBasedUuid.of("cgroup:" + GROUP + "/" + name) + "/metrics");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private long userNanos(String name) throws Exception {
		Map<String, Long> stat = KeyValueLines.parse(cgroups.read(v2Root().getFileName().toString(), name, "cpu.stat"));
		return stat.get("user_usec") * 1000;
	}

	@Test
	void cpuCountersGrowAsTheKernelSays() throws Exception {
		cgroups.create("burner");
		cgroups.start("burner", "/bin/sh", "-c", "while :; do :; done");
		scrape.refresh();
		Thread.sleep(300);
		long kernelBefore = userNanos("burner");
		String first = metrics("burner");
		long kernelAfter = userNanos("burner");
		double user1 = require(first, "cpu_user_usage");
		assertThat(user1).isBetween((double) kernelBefore, (double) kernelAfter);
		Thread.sleep(1000);
		String second = metrics("burner");
		assertThat(require(second, "cpu_user_usage") + require(second, "cpu_sys_usage") - user1
				- require(first, "cpu_sys_usage"))
			.as("CPU ns used by a busy loop in about a second")
			.isGreaterThan(0.05e9);
		assertThat(require(second, "tasks_processes")).isEqualTo(1.0);
		assertThat(require(second, "cpu_metrics_available_boolean")).isEqualTo(1.0);
		Promtool.assertClean(second);
	}

	@Test
	void aNewContainerIsFoundWithinSecondsWithoutARefresh() throws Exception {
		cgroups.create("newcomer");
		cgroups.start("newcomer", "sleep", "60");
		String path = "/v1/" + NameBasedUuid.of("cgroup:" + GROUP + "/newcomer") + "/metrics";
		long start = System.nanoTime();
		int status = 0;
		while (System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(6)) {
			status = scrape.get(path).statusCode();
			if (status == 200) {
				break;
			}
			Thread.sleep(200);
		}
		assertThat(status).as("found by the periodic scan (every 2 s)").isEqualTo(200);
	}

	@Test
	void memoryIsReadWhereTheControllerIsAndUnavailableElsewhere() throws Exception {
		List<Path> dirs = cgroups.create("allocator");
		cgroups.start("allocator", "stress-ng", "--vm", "1", "--vm-bytes", "32M", "--vm-keep", "--vm-hang", "0",
				"--timeout", "60s", "--quiet");
		scrape.refresh();
		Thread.sleep(1500);
		String text = metrics("allocator");
		Path current = dirs.get(0).resolve("memory.current");
		if (Files.exists(current)) {
			assertThat(require(text, "mem_agg_usage")).isCloseTo(Long.parseLong(Files.readString(current).trim()),
					org.assertj.core.api.Assertions.withinPercentage(10));
		}
		else {
			assertThat(require(text, "memory_metrics_available_boolean")).isZero();
			assertThat(require(text, "cpu_metrics_available_boolean")).isEqualTo(1.0);
		}
		Promtool.assertClean(text);
	}

}
