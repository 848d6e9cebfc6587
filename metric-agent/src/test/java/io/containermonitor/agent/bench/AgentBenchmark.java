package io.containermonitor.agent.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.containermonitor.agent.NameBasedUuid;

/**
 * Benchmark of the metric agent (not a test; run by {@code bench/agent/run.sh}): for
 * each container count it creates that many real cgroups with one sleeping process
 * each, starts the agent jar on them, and measures the time to serve one container's
 * metrics uncached (every reading expired) and cached, the agent's CPU seconds to serve
 * every container once, and its resident memory. Needs root.
 */
public final class AgentBenchmark {

	private static final long CLOCK_TICKS = 100;

	private final Path jar;

	private final HttpClient http = HttpClient.newHttpClient();

	private AgentBenchmark(Path jar) {
		this.jar = jar;
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		int[] counts = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
				: new int[] { 200, 1000 };
		AgentBenchmark bench = new AgentBenchmark(jar);
		List<String> rows = new ArrayList<>();
		for (int n : counts) {
			rows.add(bench.run(n));
		}
		System.out.println();
		System.out.println("| containers | uncached p50 ms | uncached p95 ms | cached p50 ms | cached p95 ms "
				+ "| CPU s, all uncached | CPU s, all cached | RSS MiB |");
		System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
	}

	private String run(int n) throws Exception {
		Layout layout = Layout.detect();
		String group = "cmon-bench-" + ProcessHandle.current().pid() + "-" + n;
		List<Process> sleepers = new ArrayList<>();
		List<Path> dirs = new ArrayList<>();
		Process agent = null;
		try {
			for (Path root : layout.roots()) {
				Path g = Files.createDirectory(root.resolve(group));
				dirs.add(g);
			}
			for (int i = 0; i < n; i++) {
				StringBuilder procs = new StringBuilder();
				for (Path root : layout.roots()) {
					Path dir = Files.createDirectory(root.resolve(group).resolve("c" + i));
					dirs.add(dir);
					procs.append(dir.resolve("cgroup.procs")).append(' ');
				}
				ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
						"for f in $PROCS; do echo $$ > \"$f\"; done; exec sleep 3600")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD);
				pb.environment().put("PROCS", procs.toString().trim());
				sleepers.add(pb.start());
			}
			int port = freePort();
			agent = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xms32m", "-Xmx256m",
					"-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "--server.port=" + port,
					"--management.server.port=0", "--cmon.agent.discovery.roots=/" + group,
					"--cmon.agent.cache.kernel-ttl=10s", "--cmon.agent.cache.filesystem-ttl=10s",
					"--cmon.agent.discovery.interval=5s", "--logging.level.root=warn")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/bench-agent.log").toFile()))
				.start();
			waitFor(port, n);
			List<String> uuids = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				uuids.add(NameBasedUuid.of("cgroup:/" + group + "/c" + i).toString());
			}
			// warm-up pass (JIT, first meter registration), then let every reading expire
			for (String uuid : uuids) {
				get(port, uuid);
			}
			Thread.sleep(11_000);
			double cpu0 = cpuSeconds(agent.pid());
			long[] uncached = pass(port, uuids);
			double cpu1 = cpuSeconds(agent.pid());
			long[] cached = pass(port, uuids);
			double cpu2 = cpuSeconds(agent.pid());
			long rss = rssKib(agent.pid());
			return String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f |", n,
					pct(uncached, 50), pct(uncached, 95), pct(cached, 50), pct(cached, 95), cpu1 - cpu0, cpu2 - cpu1,
					rss / 1024.0);
		}
		finally {
			if (agent != null) {
				agent.destroy();
				if (!agent.waitFor(20, TimeUnit.SECONDS)) {
					agent.destroyForcibly();
				}
			}
			for (Process p : sleepers) {
				p.destroyForcibly();
			}
			for (Process p : sleepers) {
				p.waitFor(10, TimeUnit.SECONDS);
			}
			for (int i = dirs.size() - 1; i >= 0; i--) {
				rmdir(dirs.get(i));
			}
		}
	}

	private long[] pass(int port, List<String> uuids) throws Exception {
		long[] nanos = new long[uuids.size()];
		for (int i = 0; i < uuids.size(); i++) {
			long start = System.nanoTime();
			get(port, uuids.get(i));
			nanos[i] = System.nanoTime() - start;
		}
		return nanos;
	}

	private void get(int port, String uuid) throws Exception {
		HttpResponse<String> r = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + uuid + "/metrics")).build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IllegalStateException("GET " + uuid + ": " + r.statusCode() + " " + r.body());
		}
	}

	private void waitFor(int port, int n) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> r = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/ping")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.body().contains("\"containers\":" + n)) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("agent did not find " + n + " containers in time");
	}

	private static double pct(long[] nanos, int p) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
		return sorted[Math.max(0, i)] / 1e6;
	}

	private static double cpuSeconds(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields after the command: state(0) ... utime(11) stime(12)
		return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
	}

	private static long rssKib(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	private static void rmdir(Path dir) throws InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				Files.deleteIfExists(dir);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		System.err.println("could not remove " + dir);
	}

	/** The hierarchies to create cgroups in: the v2 root, or the v1 controllers the agent reads. */
	private record Layout(List<Path> roots) {

		static Layout detect() {
			Path cg = Path.of("/sys/fs/cgroup");
			if (Files.exists(cg.resolve("cgroup.controllers"))) {
				return new Layout(List.of(cg));
			}
			try (Stream<Path> s = Stream.of("cpu", "cpuacct", "memory", "pids", "blkio").map(cg::resolve)) {
				return new Layout(s.filter(Files::isDirectory).toList());
			}
		}

	}

}
