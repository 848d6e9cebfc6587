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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * CMON names, loaded with dnsperf; and the time from a VMAPI change-feed event (the
 * fake VMAPI of the shared core) to the new name answering at the adapter.
 *
 * <p>Arguments: [names (100000)] [dnsperf seconds per server (20)] [dnsperf clients (4)].
 */
public class DnsBenchmark {

	static final String ZONE = "us-east-1.cns.example.com";

	static final UUID OWNER = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");

	static final UUID SERVER = UUID.fromString("44454c4c-3200-1042-8053-b2c04f4e4b31");

	public static void main(String[] args) throws Exception {
		int names = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
		Path dir = Files.createTempDirectory("cns-bench");
		List<UUID> uuids = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < names; i++) {
			uuids.add(new UUID(random.nextLong(), random.nextLong()));
		}
		Process bind = null;
		try {
			// The big zone is filled straight into the inventory: the fake VMAPI's change feed
			// drops every few seconds (a known fault of the fake), and each drop would relist
			// 100,000 VMs inside this JVM while dnsperf runs. The feed is measured apart below.
			try (ConfigurableApplicationContext adapter = new SpringApplicationBuilder(CnsAdapterApplication.class)
				.web(WebApplicationType.NONE)
				.run("--cmon.cns.zones=" + ZONE, "--cmon.cns.proxy-addresses=192.0.2.10",
						"--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=0",
						"--cmon.cns.server.commit-window=1s", "--cmon.cns.server.udp-threads=2",
						"--cmon.cns.server.serial-file=" + dir.resolve("serials.properties"),
						"--logging.level.root=WARN")) {
				io.containermonitor.core.inventory.Inventory inventory = adapter
					.getBean(io.containermonitor.core.inventory.Inventory.class);
				long started = System.nanoTime();
				inventory.replaceVms(uuids.stream().map(DnsBenchmark::vm).toList());
				int adapterPort = adapter.getBean(io.containermonitor.cns.dns.server.DnsServer.class).port();
				awaitAnswer(adapterPort, nameOf(uuids.get(names - 1)), Duration.ofMinutes(5));
				System.out.printf("adapter: %d names put in the inventory and served in %d ms%n", names,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

				List<Double> viaInventory = eventToAnswer(vm -> inventory.putVm(vm), adapterPort, 10);

				Path zoneFile = dir.resolve("zone.db");
				writeZone(adapterPort, zoneFile);
				int bindPort = freePort();
				bind = startBind(dir, bindPort, zoneFile);
				started = System.nanoTime();
				// BIND answers the SOA while a big zone still loads: wait for the last name.
				awaitAnswer(bindPort, nameOf(uuids.get(names - 1)), Duration.ofMinutes(5));
				System.out.printf("bind: zone loaded and answering in %d ms%n",
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

				Path queries = dir.resolve("queries.txt");
				List<String> lines = new ArrayList<>();
				for (UUID uuid : uuids) {
					lines.add(uuid + ".cmon." + ZONE + " A");
				}
				Collections.shuffle(lines, random);
				Files.write(queries, lines, StandardCharsets.UTF_8);

				Map<String, String> adapterRun = dnsperf(adapterPort, queries, seconds, clients,
						ProcessHandle.current().pid());
				Map<String, String> bindRun = dnsperf(bindPort, queries, seconds, clients, bind.pid());

				System.out.println();
				System.out.printf("## DNS: %d CMON names, dnsperf %d s, %d clients, UDP, A queries (CNAME + chased A)%n%n",
						names, seconds, clients);
				System.out.println("| server | queries/s | avg latency ms | lost | server CPU s | server CPU us/query |");
				System.out.println("|---|---|---|---|---|---|");
				row("cns-adapter (dnsjava)", adapterRun);
				row("BIND 9.18", bindRun);
				System.out.println();
				System.out.println("Time from a new VM to its name answering at the adapter (commit window 1 s, "
						+ "events 1.1 s apart, so each opens a fresh window):");
				System.out.println();
				System.out.println("| path | events | median ms | p90 ms | max ms |");
				System.out.println("|---|---|---|---|---|");
				latencyRow("Inventory.putVm (the adapter alone)", viaInventory);
			}
		}
		finally {
			stop(bind);
		}
		feedLatency(dir, 1_000, 10);
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
						"--cmon.triton.vmapi-url=" + triton.baseUrl(), "--logging.level.root=WARN")) {
				int port = adapter.getBean(io.containermonitor.cns.dns.server.DnsServer.class).port();
				io.containermonitor.core.triton.changefeed.ChangeFeedListener feed = adapter
					.getBean(io.containermonitor.core.triton.changefeed.ChangeFeedListener.class);
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (!feed.isConnected() && System.nanoTime() < deadline) {
					Thread.sleep(50);
				}
				long connectsBefore = feed.connectCount();
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
				System.out.printf("%nfeed events not answered within 30 s: %d of %d; change-feed reconnects meanwhile: %d%n",
						late, events, feed.connectCount() - connectsBefore);
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
		// Two worker threads: the same as the adapter's two UDP threads.
		return new ProcessBuilder("/usr/sbin/named", "-g", "-4", "-n", "2", "-c", dir.resolve("named.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("named.log").toFile())
			.start();
	}

	static Map<String, String> dnsperf(int port, Path queries, int seconds, int clients, long serverPid)
			throws Exception {
		double cpuBefore = cpuSeconds(serverPid);
		Process process = new ProcessBuilder("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(port), "-d",
				queries.toString(), "-l", Integer.toString(seconds), "-c", Integer.toString(clients), "-q", "200")
			.redirectErrorStream(true)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		double cpu = cpuSeconds(serverPid) - cpuBefore;
		String qps = find(out, "Queries per second:\\s+([0-9.]+)");
		String completed = find(out, "Queries completed:\\s+([0-9]+)");
		return Map.of("qps", qps, "latency", String.format("%.3f", Double.parseDouble(find(out,
				"Average Latency \\(s\\):\\s+([0-9.]+)")) * 1000), "lost", find(out, "Queries lost:\\s+([0-9]+)"),
				"cpu", String.format("%.1f", cpu), "cpuPerQuery",
				String.format("%.1f", cpu * 1e6 / Math.max(1, Long.parseLong(completed))));
	}

	static void latencyRow(String path, List<Double> millis) {
		List<Double> sorted = new ArrayList<>(millis);
		sorted.sort(Double::compare);
		System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", path, sorted.size(), pct(sorted, 50), pct(sorted, 90),
				sorted.get(sorted.size() - 1));
	}

	static void row(String server, Map<String, String> run) {
		System.out.printf("| %s | %s | %s | %s | %s | %s |%n", server, run.get("qps"), run.get("latency"),
				run.get("lost"), run.get("cpu"), run.get("cpuPerQuery"));
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
