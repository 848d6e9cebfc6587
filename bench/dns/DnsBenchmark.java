import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

import io.containermonitor.cns.CnsAdapterApplication;
import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/**
 * DNS benchmark (not a test): the cns-adapter and BIND 9 serving the same zone of N
 * CMON names, loaded with dnsperf in R interleaved repetitions (adapter, BIND, adapter,
 * BIND, ...), medians and the ratio adapter/BIND; then one shorter {@code dnsperf -v} run
 * per server for p50/p99 latency; and the time from a new VM (in the inventory, and
 * through the fake VMAPI's change feed of the shared core) to its name answering.
 *
 * <p>Arguments: [names (100000)] [dnsperf seconds per run (20)] [dnsperf clients (4)]
 * [repetitions (3)].
 */
public class DnsBenchmark {

	static final String ZONE = "us-east-1.cns.example.com";

	static final UUID OWNER = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");

	static final UUID SERVER = UUID.fromString("44454c4c-3200-1042-8053-b2c04f4e4b31");

	static final int OUTSTANDING = 200;

	public static void main(String[] args) throws Exception {
		int names = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
		int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
		// The -v run writes one line per answer: shorter, and apart from the throughput runs.
		int verboseSeconds = Math.max(1, Math.min(seconds, 10));
		int warmupSeconds = Math.max(1, Math.min(seconds, 5));
		System.out.printf("benchmark JVM: %s %s, %d CPUs, max heap %d MiB, options %s%n",
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
				ManagementFactory.getRuntimeMXBean().getInputArguments());
		System.out.printf("arguments: names=%d seconds=%d clients=%d repetitions=%d (p50/p99 run: %d s with -v)%n",
				names, seconds, clients, repetitions, verboseSeconds);
		Path dir = Files.createTempDirectory("cns-bench");
		List<UUID> uuids = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < names; i++) {
			uuids.add(new UUID(random.nextLong(), random.nextLong()));
		}
		Process bind = null;
		try {
			// The big zone is filled straight into the inventory: listing 100,000 VMs through the
			// fake VMAPI takes about a minute in this JVM (and until the shared core's commit 429dd1e
			// the fake dropped the feed every ~12 s, each drop relisting them all while dnsperf ran).
			// The feed is measured apart below, on a small zone.
			try (ConfigurableApplicationContext adapter = new SpringApplicationBuilder(CnsAdapterApplication.class)
				.web(WebApplicationType.NONE)
				.run("--cmon.cns.zones=" + ZONE, "--cmon.cns.proxy-addresses=192.0.2.10",
						"--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=0",
						"--cmon.cns.server.commit-window=1s", "--cmon.cns.server.udp-threads=2",
						"--cmon.cns.server.serial-file=" + dir.resolve("serials.properties"),
						"--spring.main.banner-mode=off", "--logging.level.root=WARN")) {
				io.containermonitor.core.inventory.Inventory inventory = adapter
					.getBean(io.containermonitor.core.inventory.Inventory.class);
				long started = System.nanoTime();
				inventory.replaceVms(uuids.stream().map(DnsBenchmark::vm).toList());
				int adapterPort = adapter.getBean(io.containermonitor.cns.dns.server.DnsServer.class).port();
				awaitAnswer(adapterPort, nameOf(uuids.get(names - 1)), Duration.ofMinutes(5));
				System.out.printf("adapter: %d names put in the inventory and served in %d ms%n", names,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				System.gc();
				Runtime runtime = Runtime.getRuntime();
				System.out.printf("adapter JVM heap used after a full GC: %d MiB of %d MiB%n",
						(runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);

				long putGcCount = gcCount();
				long putGcMillis = gcMillis();
				List<Double> viaInventory = eventToAnswer(vm -> inventory.putVm(vm), adapterPort, 10);
				String putGc = String.format("%d collections, %d ms", gcCount() - putGcCount, gcMillis() - putGcMillis);

				Path zoneFile = dir.resolve("zone.db");
				writeZone(adapterPort, zoneFile);
				int bindPort = freePort();
				bind = startBind(dir, bindPort, zoneFile);
				started = System.nanoTime();
				// BIND answers the SOA while a big zone still loads: wait for the last name.
				awaitAnswer(bindPort, nameOf(uuids.get(names - 1)), Duration.ofMinutes(5));
				System.out.printf("bind: zone loaded and answering in %d ms (%s)%n",
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
						String.join(" ", bindCommand(dir)));

				Path queries = dir.resolve("queries.txt");
				List<String> lines = new ArrayList<>();
				for (UUID uuid : uuids) {
					lines.add(uuid + ".cmon." + ZONE + " A");
				}
				Collections.shuffle(lines, random);
				Files.write(queries, lines, StandardCharsets.UTF_8);

				long jvmPid = ProcessHandle.current().pid();
				long gcCount = gcCount();
				long gcMillis = gcMillis();
				System.out.printf("dnsperf command: %s%n", String.join(" ",
						dnsperfCommand(0, queries, seconds, clients, false)).replace("-p 0", "-p <port>"));
				System.out.printf("warm-up: %d s of dnsperf against each server, not counted%n", warmupSeconds);
				dnsperf(adapterPort, queries, warmupSeconds, clients, jvmPid, false, dir);
				dnsperf(bindPort, queries, warmupSeconds, clients, bind.pid(), false, dir);

				System.out.println();
				System.out.printf("## DNS: %d CMON names, dnsperf %d s, %d clients, %d outstanding, UDP, A queries "
						+ "(CNAME + chased A), %d repetitions interleaved%n%n", names, seconds, clients, OUTSTANDING,
						repetitions);
				System.out.println("| run | server | queries/s | avg latency ms | lost | server CPU s | server CPU us/query |");
				System.out.println("|---|---|---|---|---|---|---|");
				List<Run> adapterRuns = new ArrayList<>();
				List<Run> bindRuns = new ArrayList<>();
				for (int r = 1; r <= repetitions; r++) {
					Run a = dnsperf(adapterPort, queries, seconds, clients, jvmPid, false, dir);
					adapterRuns.add(a);
					runRow(r, "cns-adapter", a);
					Run b = dnsperf(bindPort, queries, seconds, clients, bind.pid(), false, dir);
					bindRuns.add(b);
					runRow(r, "BIND", b);
				}

				// Per-query latencies: dnsperf 2.10 prints no percentiles, so -v (one line per answer)
				// to a file, read after the run. Apart from the runs above: writing ~1 line per query
				// costs dnsperf CPU that the two cores would otherwise give to the server.
				Run adapterVerbose = dnsperf(adapterPort, queries, verboseSeconds, clients, jvmPid, true, dir);
				Run bindVerbose = dnsperf(bindPort, queries, verboseSeconds, clients, bind.pid(), true, dir);

				Map<String, ToDoubleFunction<Run>> figures = new LinkedHashMap<>();
				figures.put("queries/s", Run::qps);
				figures.put("avg latency ms", Run::avgMs);
				figures.put("server CPU us/query", Run::cpuUsPerQuery);
				figures.put("lost", Run::lost);
				System.out.println();
				System.out.printf("Medians of %d runs of %d s (p50/p99: one -v run of %d s per server, "
						+ "its own queries/s in brackets):%n%n", repetitions, seconds, verboseSeconds);
				System.out.println("| server | queries/s | avg latency ms | server CPU us/query | lost | p50 ms | p99 ms |");
				System.out.println("|---|---|---|---|---|---|---|");
				double[] a = medians(adapterRuns, figures);
				double[] b = medians(bindRuns, figures);
				System.out.printf("| cns-adapter (dnsjava) | %,.0f | %.3f | %.1f | %.0f | %.3f | %.3f (%,.0f q/s) |%n",
						a[0], a[1], a[2], a[3], adapterVerbose.p50Ms(), adapterVerbose.p99Ms(), adapterVerbose.qps());
				System.out.printf("| BIND 9 | %,.0f | %.3f | %.1f | %.0f | %.3f | %.3f (%,.0f q/s) |%n", b[0], b[1],
						b[2], b[3], bindVerbose.p50Ms(), bindVerbose.p99Ms(), bindVerbose.qps());
				System.out.printf("| ratio adapter/BIND | %s | %s | %s | %s | %s | %s |%n", ratio(a[0], b[0]),
						ratio(a[1], b[1]), ratio(a[2], b[2]), ratio(a[3], b[3]),
						ratio(adapterVerbose.p50Ms(), bindVerbose.p50Ms()),
						ratio(adapterVerbose.p99Ms(), bindVerbose.p99Ms()));
				System.out.printf("%nadapter JVM GC during the dnsperf runs: %d collections, %d ms in total%n",
						gcCount() - gcCount, gcMillis() - gcMillis);
				System.out.println();
				System.out.println("Time from a new VM to its name answering at the adapter (commit window 1 s, "
						+ "events 1.1 s apart, so each opens a fresh window):");
				System.out.println();
				System.out.println("| path | events | median ms | p90 ms | max ms |");
				System.out.println("|---|---|---|---|---|");
				latencyRow("Inventory.putVm, " + names + "-name zone (the adapter alone)", viaInventory);
				System.out.printf("%nadapter JVM GC during these 10 events: %s%n", putGc);
			}
		}
		finally {
			stop(bind);
		}
		feedLatency(dir, 1_000, 10);
	}

	/** One dnsperf run: its figures and the server's CPU over it; p50/p99 only with -v. */
	record Run(double qps, double avgMs, long lost, long completed, double cpuSeconds, double p50Ms, double p99Ms) {

		double cpuUsPerQuery() {
			return this.cpuSeconds * 1e6 / Math.max(1, this.completed);
		}

	}

	static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> gc.getCollectionCount()).sum();
	}

	static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> gc.getCollectionTime()).sum();
	}

	static double[] medians(List<Run> runs, Map<String, ToDoubleFunction<Run>> figures) {
		return figures.values().stream().mapToDouble(f -> median(runs.stream().mapToDouble(f).toArray())).toArray();
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static String ratio(double ours, double reference) {
		return reference == 0 ? (ours == 0 ? "1 (both 0)" : "n/a (BIND 0)") : String.format("%.2f", ours / reference);
	}

	static void runRow(int run, String server, Run r) {
		System.out.printf("| %d | %s | %,.0f | %.3f | %d | %.1f | %.1f |%n", run, server, r.qps(), r.avgMs(), r.lost(),
				r.cpuSeconds(), r.cpuUsPerQuery());
	}

	/**
	 * The same measurement through the fake VMAPI's change feed, on a small zone of its
	 * own: the core's listener, its GET /vms/:uuid, then the adapter's commit.
	 */
	static void feedLatency(Path dir, int names, int events) throws Exception {
		try (FakeTriton triton = FakeTriton.start()) {
			for (int i = 0; i < names; i++) {
				triton.putVmSilently(vm(UUID.randomUUID()));
			}
			try (ConfigurableApplicationContext adapter = new SpringApplicationBuilder(CnsAdapterApplication.class)
				.web(WebApplicationType.NONE)
				.run("--cmon.cns.zones=" + ZONE, "--cmon.cns.proxy-addresses=192.0.2.10",
						"--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=0",
						"--cmon.cns.server.commit-window=1s",
						"--cmon.cns.server.serial-file=" + dir.resolve("serials-feed.properties"),
						"--cmon.triton.vmapi-url=" + triton.baseUrl(), "--spring.main.banner-mode=off",
						"--logging.level.root=WARN")) {
				int port = adapter.getBean(io.containermonitor.cns.dns.server.DnsServer.class).port();
				io.containermonitor.core.triton.changefeed.ChangeFeedListener feed = adapter
					.getBean(io.containermonitor.core.triton.changefeed.ChangeFeedListener.class);
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (!feed.isConnected() && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				long connectsBefore = feed.connectCount();
				long watchStarted = System.nanoTime();
				List<Double> millis = new ArrayList<>();
				int late = 0;
				for (int i = 0; i < events; i++) {
					UUID uuid = UUID.randomUUID();
					long start = System.nanoTime();
					triton.putVm(vm(uuid));
					try {
						awaitAnswer(port, nameOf(uuid), Duration.ofSeconds(30));
						millis.add((System.nanoTime() - start) / 1e6);
					}
					catch (IllegalStateException ex) {
						late++;
					}
					Thread.sleep(1100);
				}
				System.out.println();
				System.out.println("| path | events | median ms | p90 ms | max ms |");
				System.out.println("|---|---|---|---|---|");
				if (!millis.isEmpty()) {
					latencyRow("fake VMAPI change feed, " + names + " names (core listener + GET /vms/:uuid)", millis);
				}
				// The fake VMAPI used to close the feed every ~12 s: watch the connection for 30 s at least.
				long watchEnd = watchStarted + Duration.ofSeconds(30).toNanos();
				while (System.nanoTime() < watchEnd) {
					Thread.sleep(100);
				}
				System.out.printf("%nfeed events not answered within 30 s: %d of %d; change-feed reconnects in %.0f s "
						+ "connected: %d%n", late, events, (System.nanoTime() - watchStarted) / 1e9,
						feed.connectCount() - connectsBefore);
			}
		}
	}

	static void stop(Process bind) throws InterruptedException {
		if (bind != null) {
			bind.destroy();
			bind.waitFor(5, TimeUnit.SECONDS);
			bind.destroyForcibly();
		}
	}

	static Vm vm(UUID uuid) {
		return new Vm(uuid, null, OWNER, SERVER, VmState.RUNNING, "joyent", null, Map.of(), null, null, null);
	}

	static Name nameOf(UUID uuid) throws IOException {
		return Name.fromString(uuid + ".cmon." + ZONE + ".");
	}

	/** Creates VMs one at a time through {@code create}, timing each until the adapter answers its name. */
	static List<Double> eventToAnswer(java.util.function.Consumer<Vm> create, int port, int count) throws Exception {
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID uuid = UUID.randomUUID();
			Name name = nameOf(uuid);
			long start = System.nanoTime();
			create.accept(vm(uuid));
			// Long: an item lost on a dropped feed waits for the resync after the reconnect.
			awaitAnswer(port, name, Duration.ofMinutes(3));
			millis.add((System.nanoTime() - start) / 1e6);
			Thread.sleep(1100); // past the commit window: each event starts a fresh one
		}
		return millis;
	}

	static void awaitAnswer(int port, Name name, Duration timeout) throws Exception {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
		resolver.setTimeout(Duration.ofMillis(500));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				Message answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
				if (answer.getRcode() == Rcode.NOERROR && !answer.getSection(1).isEmpty()) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(2);
		}
		throw new IllegalStateException(name + " did not answer at port " + port + " within " + timeout);
	}

	static void writeZone(int port, Path file) throws Exception {
		ZoneTransferIn axfr = ZoneTransferIn.newAXFR(Name.fromString(ZONE + "."), "127.0.0.1", port, null);
		axfr.run();
		List<Record> records = axfr.getAXFR();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < records.size() - 1; i++) {
			text.append(records.get(i)).append('\n');
		}
		Files.writeString(file, text.toString());
	}

	/** Two worker threads: the same as the adapter's two UDP threads. */
	static List<String> bindCommand(Path dir) {
		return List.of("/usr/sbin/named", "-g", "-4", "-n", "2", "-c", dir.resolve("named.conf").toString());
	}

	static Process startBind(Path dir, int port, Path zoneFile) throws IOException {
		String conf = """
				options {
				  directory "%1$s";
				  pid-file "%1$s/named.pid";
				  session-keyfile "%1$s/session.key";
				  managed-keys-directory "%1$s";
				  listen-on port %2$d { 127.0.0.1; };
				  listen-on-v6 { none; };
				  recursion no;
				  dnssec-validation no;
				  notify no;
				  minimal-responses yes;
				};
				controls { };
				zone "%3$s" { type primary; file "%4$s"; };
				""".formatted(dir, port, ZONE, zoneFile);
		Files.writeString(dir.resolve("named.conf"), conf);
		return new ProcessBuilder(bindCommand(dir))
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("named.log").toFile())
			.start();
	}

	static List<String> dnsperfCommand(int port, Path queries, int seconds, int clients, boolean verbose) {
		List<String> command = new ArrayList<>(List.of("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(port),
				"-d", queries.toString(), "-l", Integer.toString(seconds), "-c", Integer.toString(clients), "-q",
				Integer.toString(OUTSTANDING)));
		if (verbose) {
			command.add("-v");
		}
		return command;
	}

	static Run dnsperf(int port, Path queries, int seconds, int clients, long serverPid, boolean verbose, Path dir)
			throws Exception {
		Path output = dir.resolve("dnsperf.out");
		double cpuBefore = cpuSeconds(serverPid);
		// To a file, read after the run: nothing in this JVM (the adapter's process) reads while it runs.
		Process process = new ProcessBuilder(dnsperfCommand(port, queries, seconds, clients, verbose))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		process.waitFor();
		double cpu = cpuSeconds(serverPid) - cpuBefore;
		StringBuilder summary = new StringBuilder();
		double[] latencies = new double[1 << 16];
		int count = 0;
		List<String> unanswered = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(output, StandardCharsets.ISO_8859_1)) {
			for (String line; (line = reader.readLine()) != null;) {
				String last = line.substring(line.lastIndexOf(' ') + 1);
				if (line.startsWith("> ") && !last.isEmpty() && Character.isDigit(last.charAt(0))) {
					// "> NOERROR <name> A 0.000314": the last field is the latency in seconds
					// (a query timed out is "> T <name> A", without: it is counted as lost)
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = Double.parseDouble(last);
				}
				else if (line.startsWith("> ")) {
					unanswered.add(line);
				}
				else {
					summary.append(line).append('\n');
				}
			}
		}
		Files.delete(output);
		String out = summary.toString();
		double p50 = Double.NaN;
		double p99 = Double.NaN;
		if (verbose) {
			if (count == 0) {
				throw new IllegalStateException("dnsperf -v printed no per-query lines:\n" + out);
			}
			double[] sorted = Arrays.copyOf(latencies, count);
			Arrays.sort(sorted);
			p50 = sorted[(int) Math.ceil(0.50 * count) - 1] * 1000;
			p99 = sorted[(int) Math.ceil(0.99 * count) - 1] * 1000;
			System.out.printf("dnsperf -v against port %d: %d answers timed, %d lines without a latency%s%n", port,
					count, unanswered.size(), unanswered.isEmpty() ? "" : " (first: " + unanswered.get(0) + ")");
		}
		return new Run(Double.parseDouble(find(out, "Queries per second:\\s+([0-9.]+)")),
				Double.parseDouble(find(out, "Average Latency \\(s\\):\\s+([0-9.]+)")) * 1000,
				Long.parseLong(find(out, "Queries lost:\\s+([0-9]+)")),
				Long.parseLong(find(out, "Queries completed:\\s+([0-9]+)")), cpu, p50, p99);
	}

	static void latencyRow(String path, List<Double> millis) {
		List<Double> sorted = new ArrayList<>(millis);
		sorted.sort(Double::compare);
		System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", path, sorted.size(), pct(sorted, 50), pct(sorted, 90),
				sorted.get(sorted.size() - 1));
	}

	static String find(String text, String regex) {
		Matcher m = Pattern.compile(regex).matcher(text);
		if (!m.find()) {
			throw new IllegalStateException("dnsperf output lacks " + regex + ":\n" + text);
		}
		return m.group(1);
	}

	/** User + system CPU of a process, from /proc (clock ticks of 1/100 s). */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static double pct(List<Double> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	static int freePort() throws IOException {
		while (true) {
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
					ServerSocket tcp = new ServerSocket()) {
				tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
				return udp.getLocalPort();
			}
			catch (IOException ex) {
				// try another
			}
		}
	}

}
