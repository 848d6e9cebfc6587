package io.containermonitor.agent.real;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * The agent on this machine's real cgroup v1 hierarchies (cpu and cpuacct mounted
 * apart here), with real processes in test cgroups: a CPU burner under a CPU cap, a
 * memory allocator under a memory limit, and a process in its own network namespace
 * sending over a veth pair. Needs root; runs wherever v1 controllers are mounted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.cgroup-version=v1", "cmon.agent.cache.kernel-ttl=0s",
				"cmon.agent.plugins.vm-dir=target/no-plugins", "cmon.agent.plugins.gz-dir=target/no-plugins",
				"management.server.port=0" })
class RealCgroupV1Tests {

	private static final Path ROOT = Path.of("/sys/fs/cgroup");

	private static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids", "blkio");

	private static final String GROUP = RealCgroups.group("v1");

	@LocalServerPort
	int port;

	private RealCgroups cgroups;

	private Scrape scrape;

	@DynamicPropertySource
	static void roots(DynamicPropertyRegistry registry) {
		registry.add("cmon.agent.discovery.roots", () -> GROUP);
	}

	private static List<Path> roots() {
		return CONTROLLERS.stream().map(ROOT::resolve).toList();
	}

	@BeforeAll
	static void requireRootAndV1() {
		assumeThat(RealCgroups.isRoot()).as("real cgroup tests need root").isTrue();
		assumeThat(Files.isDirectory(ROOT.resolve("cpuacct"))).as("cgroup v1 controllers mounted").isTrue();
		RealCgroups.sweep(roots());
	}

	@BeforeEach
	void setUp() {
		cgroups = new RealCgroups(roots(), GROUP);
		scrape = new Scrape(port);
	}

	@AfterEach
	void cleanUp() {
		cgroups.close();
	}

	private String uuid(String name) {
		return NameBasedUuid.of("cgroup:" + GROUP + "/" + name).toString();
	}

	private String metrics(String name) throws Exception {
		HttpResponse<String> response = scrape.get("/v1/" + uuid(name) + "/metrics");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	@Test
	void cpuCountersGrowAsTheKernelSaysAndTheCapThrottles() throws Exception {
		cgroups.create("burner");
		cgroups.write("cpu", "burner", "cpu.cfs_quota_us", "10000");
		cgroups.start("burner", "/bin/sh", "-c", "while :; do :; done");
		scrape.refresh();
		Thread.sleep(300);
		long kernelBefore = Long.parseLong(cgroups.read("cpuacct", "burner", "cpuacct.usage_user"));
		String first = metrics("burner");
		long kernelAfter = Long.parseLong(cgroups.read("cpuacct", "burner", "cpuacct.usage_user"));
		double user1 = require(first, "cpu_user_usage");
		assertThat(user1).isBetween((double) kernelBefore, (double) kernelAfter);
		assertThat(require(first, "cpucap_limit_percentage")).isEqualTo(10.0);
		Thread.sleep(1000);
		Map<String, Long> throttleBefore = KeyValueLines.parse(cgroups.read("cpu", "burner", "cpu.stat"));
		String second = metrics("burner");
		Map<String, Long> throttleAfter = KeyValueLines.parse(cgroups.read("cpu", "burner", "cpu.stat"));
		double used = require(second, "cpu_user_usage") + require(second, "cpu_sys_usage") - user1
				- require(first, "cpu_sys_usage");
		assertThat(used).as("CPU ns used in about a second under a 10%% cap").isBetween(0.01e9, 0.5e9);
		assertThat(require(second, "cpu_throttled_periods_total")).isPositive()
			.isBetween((double) throttleBefore.get("nr_throttled"), (double) throttleAfter.get("nr_throttled"));
		assertThat(require(second, "cpucap_above_seconds_total")).isBetween(throttleBefore.get("throttled_time") / 1e9,
				throttleAfter.get("throttled_time") / 1e9);
		assertThat(require(second, "tasks_processes")).isEqualTo(1.0);
		// a throttled busy loop is still runnable (state R)
		assertThat(require(second, "tasks_threads")).isEqualTo(1.0);
		assertThat(require(second, "tasks_running")).isEqualTo(1.0);
		assertThat(second).contains("cpu_wait_time ");
		Promtool.assertClean(second);
	}

	@Test
	void memoryTracksTheAllocationWithinTolerance() throws Exception {
		long limit = 256L << 20;
		long allocation = 64L << 20;
		cgroups.create("allocator");
		cgroups.write("memory", "allocator", "memory.limit_in_bytes", Long.toString(limit));
		cgroups.start("allocator", "stress-ng", "--vm", "1", "--vm-bytes", "64M", "--vm-keep", "--vm-hang", "0",
				"--timeout", "60s", "--quiet");
		scrape.refresh();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		long kernel = 0;
		while (System.nanoTime() < deadline) {
			kernel = Long.parseLong(cgroups.read("memory", "allocator", "memory.usage_in_bytes"));
			if (kernel >= allocation) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(kernel).as("the kernel charged the allocation").isGreaterThanOrEqualTo(allocation);
		Thread.sleep(300);
		String text = metrics("allocator");
		long kernelNow = Long.parseLong(cgroups.read("memory", "allocator", "memory.usage_in_bytes"));
		double usage = require(text, "mem_agg_usage");
		assertThat(usage).isGreaterThanOrEqualTo(allocation);
		assertThat(usage).isCloseTo(kernelNow, org.assertj.core.api.Assertions.withinPercentage(10));
		assertThat(require(text, "mem_limit")).isEqualTo((double) limit);
		// with transparent huge pages one fault can map 2 MiB, so only "some" is certain
		assertThat(require(text, "memory_page_faults_total")).isPositive();
		assertThat(require(text, "tasks_processes")).isGreaterThanOrEqualTo(2.0);
		Promtool.assertClean(text);
	}

	@Test
	void networkBytesGrowByAtLeastWhatWasSent() throws Exception {
		long pid = ProcessHandle.current().pid();
		String ns = RealCgroups.PREFIX + pid + "-ns";
		String hostIf = "cmh" + (pid % 100000);
		String nsIf = "cmn" + (pid % 100000);
		String subnet = "10.213." + (pid % 250);
		cgroups.netns(ns, hostIf, nsIf, subnet);
		cgroups.create("talker");
		int datagrams = 200;
		int size = 1000;
		Process talker = cgroups.start("talker", "ip", "netns", "exec", ns, "bash", "-c",
				"read go; for i in $(seq " + datagrams + "); do printf '%" + size + "s' x > /dev/udp/" + subnet
						+ ".1/9; done; echo sent; read stop");
		scrape.refresh();
		Thread.sleep(200);
		String before = metrics("talker");
		String series = "{interface=\"" + nsIf + "\"}";
		double bytesBefore = require(before, "net_agg_bytes_out" + series);
		double packetsBefore = require(before, "net_agg_packets_out" + series);
		assertThat(before).doesNotContain("interface=\"lo\"");
		OutputStream in = talker.getOutputStream();
		in.write("go\n".getBytes(StandardCharsets.UTF_8));
		in.flush();
		BufferedReader out = new BufferedReader(new InputStreamReader(talker.getInputStream(), StandardCharsets.UTF_8));
		assertThat(out.readLine()).isEqualTo("sent");
		String after = metrics("talker");
		assertThat(require(after, "net_agg_bytes_out" + series) - bytesBefore)
			.isGreaterThanOrEqualTo((double) datagrams * size);
		assertThat(require(after, "net_agg_packets_out" + series) - packetsBefore)
			.isGreaterThanOrEqualTo(datagrams);
		assertThat(after).contains("net_agg_bytes_in" + series, "tcp_active_open_count");
		Promtool.assertClean(after);
	}

	@Test
	void aContainerThatStopsAndGoesAwayGets404() throws Exception {
		cgroups.create("ephemeral");
		cgroups.start("ephemeral", "sleep", "60");
		scrape.refresh();
		Thread.sleep(100);
		metrics("ephemeral");
		cgroups.remove("ephemeral");
		// the agent watches the cgroup tree: it sees the cgroup go within moments, not at the next scan
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		HttpResponse<String> gone = scrape.get("/v1/" + uuid("ephemeral") + "/metrics");
		while (gone.statusCode() != 404 && System.nanoTime() < deadline) {
			Thread.sleep(50);
			gone = scrape.get("/v1/" + uuid("ephemeral") + "/metrics");
		}
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.body()).contains("container not found");
	}

}
