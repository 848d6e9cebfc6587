import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.triton.changefeed.ChangeFeedCodec;
import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.netty.handler.codec.http.HttpMethod;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole data center on one machine (bench/datacenter/README.md): 1,000 simulated nodes of 100
 * containers each, in standalone mode (agents registering with triton-discovery) and in Triton
 * mode (the core's fake VMAPI/CNAPI and its change-feed publisher), followed by two metric-proxy
 * replicas and two cns-adapters, each a process of its own. One process (this one) is the load:
 * agents, churn, fake VMAPI, DNS and HTTP probes. Prints what every service costs and how late
 * names and routes are, and checks every name and route against the simulation's ground truth.
 */
public class Datacenter {

	static final JsonMapper JSON = JsonMapper.shared();

	static final String DC = "dc";

	static final String ZONE = "dc.cns.test";

	static final String PROXY_TOKEN = "bench-proxy-token";

	static final String AGENT_TOKEN = "bench-agent-token";

	static final long CLK_TCK = 100;

	// ----- options -----
	static int nodes = 1000;
	static int vmsPerNode = 100;
	static int accountsPerNode = 50;
	static int accountPool = 1000;
	static double churnRate = 5;
	static int burst = 500;
	static int restSeconds = 20;
	static int churnSeconds = 40;
	static double legacyShare = 0;
	static String modes = "standalone,triton";
	static Path work;
	static Path jars;
	static String serviceJavaOpts = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError";

	static final Random random = new Random(21);

	static final List<String> out = new CopyOnWriteArrayList<>();

	public static void main(String[] args) throws Exception {
		for (int i = 0; i < args.length; i += 2) {
			String v = args[i + 1];
			switch (args[i]) {
				case "--nodes" -> nodes = Integer.parseInt(v);
				case "--vms-per-node" -> vmsPerNode = Integer.parseInt(v);
				case "--churn-rate" -> churnRate = Double.parseDouble(v);
				case "--burst" -> burst = Integer.parseInt(v);
				case "--rest-seconds" -> restSeconds = Integer.parseInt(v);
				case "--churn-seconds" -> churnSeconds = Integer.parseInt(v);
				case "--legacy-share" -> legacyShare = Double.parseDouble(v);
				case "--modes" -> modes = v;
				case "--work" -> work = Path.of(v);
				case "--jars" -> jars = Path.of(v);
				case "--service-java-opts" -> serviceJavaOpts = v;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		accountPool = Math.max(accountsPerNode, Math.min(1000, nodes));
		Files.createDirectories(work);
		System.out.printf("population: %,d nodes x %d containers = %,d VMs; %d accounts per node from a pool of %,d, plus"
				+ " one account with %,d VMs (10 per node)%n", nodes, vmsPerNode, nodes * vmsPerNode, accountsPerNode,
				accountPool, nodes * 10);
		System.out.printf("churn: %.1f starts or stops per second, one burst of %d (a rack reboot) in the middle; rest"
				+ " window %d s, churn window %d s; services' JVM: %s%n", churnRate, burst, restSeconds, churnSeconds,
				serviceJavaOpts);
		System.out.println("load process: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
		Map<String, Report> reports = new LinkedHashMap<>();
		for (String mode : modes.split(",")) {
			Report report = new Report(mode);
			reports.put(mode, report);
			try {
				if (mode.equals("standalone")) {
					new StandaloneRun(report).run();
				}
				else {
					new TritonRun(report).run();
				}
			}
			catch (Exception ex) {
				ex.printStackTrace(System.out);
				report.put("failed", ex.toString());
			}
		}
		printSideBySide(reports);
		System.exit(0);
	}

	// =====================================================================================
	// population and ground truth
	// =====================================================================================

	static final class Node {

		final int index;

		final UUID uuid;

		final String hostname;

		final String adminIp;

		final Map<UUID, Vm> vms = new LinkedHashMap<>();

		Node(int index) {
			this.index = index;
			this.uuid = uuid("5e4e", index);
			this.hostname = "cn" + index;
			this.adminIp = "10." + (1 + index / 65536) + "." + (index / 256 % 256) + "." + (index % 256);
		}

		Server server() {
			return new Server(uuid, hostname, adminIp, Server.DEFAULT_AGENT_PORT, ServerStatus.RUNNING, false);
		}

	}

	static final class World {

		final List<Node> nodes = new ArrayList<>();

		final UUID bigAccount = uuid("acc0", 999_999);

		final List<UUID> accounts = new ArrayList<>();

		final AtomicLong vmSeq = new AtomicLong();

		/** Ground truth: every live VM and where it runs. */
		final Map<UUID, Vm> live = new ConcurrentHashMap<>();

		World() {
			for (int a = 0; a < accountPool; a++) {
				accounts.add(uuid("acc1", a));
			}
			for (int i = 0; i < Datacenter.nodes; i++) {
				Node node = new Node(i);
				nodes.add(node);
				for (int k = 0; k < vmsPerNode; k++) {
					UUID owner = k < 10 ? bigAccount
							: accounts.get((i * (accountsPerNode - 1) + k % (accountsPerNode - 1)) % accountPool);
					add(node, owner);
				}
			}
		}

		synchronized Vm add(Node node, UUID owner) {
			long n = vmSeq.getAndIncrement();
			Instant now = Instant.now();
			Vm vm = new Vm(uuid("0000", n), "c" + n, owner, node.uuid, VmState.RUNNING, "linux",
					uuid("1a6e", 1), Map.of(), now, null, now);
			node.vms.put(vm.uuid(), vm);
			live.put(vm.uuid(), vm);
			return vm;
		}

		synchronized Vm remove(Node node) {
			UUID victim = node.vms.keySet().stream().skip(random.nextInt(node.vms.size())).findFirst().orElseThrow();
			Vm vm = node.vms.remove(victim);
			live.remove(victim);
			return vm;
		}

		UUID typicalAccount() {
			return accounts.get(accountPool / 2);
		}

		Set<String> expectedNames() {
			Set<String> names = new HashSet<>();
			live.keySet().forEach(u -> names.add(u.toString()));
			nodes.forEach(n -> names.add(n.uuid.toString()));
			return names;
		}

		Map<String, String> expectedRoutes() {
			Map<String, String> routes = new HashMap<>();
			Map<UUID, Node> byUuid = new HashMap<>();
			nodes.forEach(n -> byUuid.put(n.uuid, n));
			live.values().forEach(vm -> routes.put(vm.uuid().toString(), route(byUuid.get(vm.serverUuid()), vm.uuid())));
			return routes;
		}

		static String route(Node node, UUID vm) {
			return "http://" + node.adminIp + ":" + Server.DEFAULT_AGENT_PORT + "/v1/" + vm + "/metrics";
		}

	}

	static UUID uuid(String prefix, long n) {
		return UUID.fromString(String.format("%s%04x-0000-4000-8000-%012x", prefix, (n >> 48) & 0xffff, n & 0xffffffffffffL));
	}

	// =====================================================================================
	// services (child processes)
	// =====================================================================================

	static final class Service {

		final String name;

		final String jar;

		final List<String> args;

		final int httpPort;

		final int managementPort;

		final int dnsPort;

		volatile Process process;

		volatile long startedNanos;

		static final java.util.regex.Pattern STARTED = java.util.regex.Pattern
			.compile("Started \\w+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

		static final java.util.regex.Pattern RESYNCED = java.util.regex.Pattern
			.compile("Inventory resynced from VMAPI: \\d+ VMs in (\\d+) ms");

		Service(String name, String jar, int httpPort, int managementPort, int dnsPort, List<String> args) {
			this.name = name;
			this.jar = jar;
			this.httpPort = httpPort;
			this.managementPort = managementPort;
			this.dnsPort = dnsPort;
			this.args = args;
		}

		void start() throws IOException {
			List<String> cmd = new ArrayList<>();
			cmd.add("java");
			cmd.addAll(Arrays.asList(serviceJavaOpts.trim().split("\\s+")));
			cmd.add("-jar");
			cmd.add(jars.resolve(jar).toString());
			cmd.add("--server.port=" + httpPort);
			cmd.add("--server.address=127.0.0.1");
			cmd.add("--management.server.port=" + managementPort);
			cmd.add("--management.server.address=127.0.0.1");
			cmd.add("--spring.main.banner-mode=off");
			cmd.addAll(args);
			Path log = work.resolve(name + ".log");
			startedNanos = System.nanoTime();
			process = new ProcessBuilder(cmd).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}

		void kill() throws InterruptedException {
			Process p = process;
			if (p != null && p.isAlive()) {
				p.destroyForcibly();
				p.waitFor(20, TimeUnit.SECONDS);
			}
		}

		void stop() throws InterruptedException {
			Process p = process;
			if (p != null && p.isAlive()) {
				p.destroy();
				if (!p.waitFor(25, TimeUnit.SECONDS)) {
					p.destroyForcibly();
				}
			}
		}

		long pid() {
			return process.pid();
		}

		/** Y of the last "Started ... (process running for Y)" line in the log, in seconds; -1 if none. */
		double processRunningAtStarted() {
			double found = -1;
			for (String line : logLines()) {
				java.util.regex.Matcher m = STARTED.matcher(line);
				if (m.find()) {
					found = Double.parseDouble(m.group(1));
				}
			}
			return found;
		}

		/** X of the last "Inventory resynced from VMAPI: n VMs in X ms" line in the log; -1 if none. */
		long lastListingMillis() {
			long found = -1;
			for (String line : logLines()) {
				java.util.regex.Matcher m = RESYNCED.matcher(line);
				if (m.find()) {
					found = Long.parseLong(m.group(1));
				}
			}
			return found;
		}

		private List<String> logLines() {
			try {
				return Files.readAllLines(work.resolve(name + ".log"), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return List.of();
			}
		}

		String mgmt(String path) {
			return "http://127.0.0.1:" + managementPort + path;
		}

	}

	static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	/** utime+stime in clock ticks, and VmRSS / VmHWM in KiB. */
	static long[] procStat(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
			long rss = 0;
			long hwm = 0;
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("\\D", ""));
				}
				else if (line.startsWith("VmHWM:")) {
					hwm = Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
			return new long[] { ticks, rss, hwm };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0, 0 };
		}
	}

	static long selfPid() {
		return ProcessHandle.current().pid();
	}

	// =====================================================================================
	// HTTP and DNS probes
	// =====================================================================================

	static final HttpClient probe = HttpClient.create(ConnectionProvider.create("probe", 32))
		.responseTimeout(Duration.ofSeconds(60));

	static JsonNode getJson(String url) {
		try {
			String body = probe.get()
				.uri(url)
				.responseSingle((res, buf) -> res.status().code() == 200 ? buf.asString()
						: Mono.error(new IOException(url + " answered " + res.status())))
				.block(Duration.ofSeconds(90));
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	static boolean up(Service s) {
		JsonNode health = getJson(s.mgmt("/actuator/health"));
		return health != null && "UP".equals(health.path("status").asString());
	}

	static Name cmonName(String uuid) {
		try {
			return Name.fromString(uuid + ".cmon." + ZONE + ".");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The CMON names an adapter serves, by a real zone transfer (AXFR). */
	static Set<String> axfr(Service adapter) {
		try {
			ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(ZONE + "."), "127.0.0.1", adapter.dnsPort, null);
			xfr.setTimeout(Duration.ofSeconds(60));
			xfr.run();
			Set<String> names = new HashSet<>();
			String suffix = ".cmon." + ZONE + ".";
			for (Record r : xfr.getAXFR()) {
				if (r.getType() == Type.CNAME) {
					String owner = r.getName().toString().toLowerCase(Locale.ROOT);
					if (owner.endsWith(suffix)) {
						names.add(owner.substring(0, owner.length() - suffix.length()));
					}
				}
			}
			return names;
		}
		catch (Exception ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> routes(Service proxy) {
		JsonNode body = getJson(proxy.mgmt("/actuator/inventory?routes=true"));
		if (body == null) {
			return null;
		}
		Map<String, String> routes = new HashMap<>();
		body.path("routes").properties().forEach(e -> routes.put(e.getKey(), e.getValue().asString()));
		return routes;
	}

	/** stale = served but not in the truth (or served differently); missing = in the truth, not served. */
	static int[] compare(Set<String> expected, Set<String> served) {
		int stale = 0;
		for (String s : served) {
			if (!expected.contains(s)) {
				stale++;
			}
		}
		int missing = 0;
		for (String e : expected) {
			if (!served.contains(e)) {
				missing++;
			}
		}
		return new int[] { stale, missing };
	}

	static int[] compareRoutes(Map<String, String> expected, Map<String, String> served) {
		int stale = 0;
		for (Map.Entry<String, String> e : served.entrySet()) {
			if (!e.getValue().equals(expected.get(e.getKey()))) {
				stale++;
			}
		}
		int missing = 0;
		for (String k : expected.keySet()) {
			if (!served.containsKey(k)) {
				missing++;
			}
		}
		return new int[] { stale, missing };
	}

	// =====================================================================================
	// change-to-answer latency: every change is watched until each adapter and proxy shows it
	// =====================================================================================

	static final class Watcher {

		record Pending(UUID vm, boolean present, String route, long changedNanos, AtomicBoolean inFlight,
				AtomicLong lastSent) {
		}

		final List<Service> adapters;

		final List<Service> proxies;

		final List<ConcurrentLinkedQueue<Pending>> dnsPending = new ArrayList<>();

		final List<ConcurrentLinkedQueue<Pending>> routePending = new ArrayList<>();

		final List<Long> dnsLatencies = new CopyOnWriteArrayList<>();

		final List<Long> routeLatencies = new CopyOnWriteArrayList<>();

		final List<DnsProbe> resolvers = new ArrayList<>();

		final AtomicLong dnsQueries = new AtomicLong();

		final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

		final AtomicBoolean[] routePollBusy;

		volatile boolean recording = true;

		Watcher(List<Service> adapters, List<Service> proxies) throws IOException {
			this.adapters = adapters;
			this.proxies = proxies;
			for (Service a : adapters) {
				dnsPending.add(new ConcurrentLinkedQueue<>());
				resolvers.add(new DnsProbe(a.dnsPort));
			}
			routePollBusy = new AtomicBoolean[proxies.size()];
			for (int i = 0; i < proxies.size(); i++) {
				routePending.add(new ConcurrentLinkedQueue<>());
				routePollBusy[i] = new AtomicBoolean();
			}
			timer.scheduleWithFixedDelay(this::poll, 20, 20, TimeUnit.MILLISECONDS);
		}

		void changed(UUID vm, boolean present, String route, long nanos) {
			// A container stopped before its start was seen: the start can no longer be observed.
			for (ConcurrentLinkedQueue<Pending> q : dnsPending) {
				q.removeIf(p -> p.vm().equals(vm));
				q.add(new Pending(vm, present, route, nanos, new AtomicBoolean(), new AtomicLong()));
			}
			for (ConcurrentLinkedQueue<Pending> q : routePending) {
				q.removeIf(p -> p.vm().equals(vm));
				q.add(new Pending(vm, present, route, nanos, new AtomicBoolean(), new AtomicLong()));
			}
		}

		void clear() {
			dnsPending.forEach(ConcurrentLinkedQueue::clear);
			routePending.forEach(ConcurrentLinkedQueue::clear);
		}

		int pending() {
			return dnsPending.stream().mapToInt(ConcurrentLinkedQueue::size).sum()
					+ routePending.stream().mapToInt(ConcurrentLinkedQueue::size).sum();
		}

		private void poll() {
			try {
				for (int i = 0; i < adapters.size(); i++) {
					pollDns(i);
				}
				for (int i = 0; i < proxies.size(); i++) {
					pollRoutes(i);
				}
			}
			catch (RuntimeException ex) {
				ex.printStackTrace(System.out);
			}
		}

		private void pollDns(int i) {
			ConcurrentLinkedQueue<Pending> q = dnsPending.get(i);
			long t = System.nanoTime();
			for (Pending p : q) {
				// Each name asked at most every 40 ms; a query unanswered after 1 s is asked again.
				if (p.inFlight().get() && t - p.lastSent().get() > 1_000_000_000L) {
					p.inFlight().set(false);
				}
				if (t - p.lastSent().get() < 40_000_000L || !p.inFlight().compareAndSet(false, true)) {
					continue;
				}
				p.lastSent().set(t);
				Message query = Message.newQuery(Record.newRecord(cmonName(p.vm().toString()), Type.CNAME, DClass.IN));
				dnsQueries.incrementAndGet();
				resolvers.get(i).send(query, answer -> {
					long now = System.nanoTime();
					boolean answers = answer.getRcode() == Rcode.NOERROR && answer.getSection(1).size() > 0;
					if (answers == p.present() && q.remove(p)) {
						if (recording) {
							dnsLatencies.add(now - p.changedNanos());
						}
						return;
					}
					p.inFlight().set(false);
				});
			}
		}

		private void pollRoutes(int i) {
			ConcurrentLinkedQueue<Pending> q = routePending.get(i);
			if (q.isEmpty() || !routePollBusy[i].compareAndSet(false, true)) {
				return;
			}
			List<Pending> batch = new ArrayList<>();
			for (Pending p : q) {
				batch.add(p);
				if (batch.size() >= 60) {
					break;
				}
			}
			String uuids = String.join(",", batch.stream().map(p -> p.vm().toString()).toList());
			probe.get()
				.uri(proxies.get(i).mgmt("/actuator/inventory?uuids=" + uuids))
				.responseSingle((res, buf) -> buf.asString())
				.timeout(Duration.ofSeconds(5))
				.doFinally(s -> routePollBusy[i].set(false))
				.subscribe(body -> {
					long now = System.nanoTime();
					JsonNode routes = JSON.readTree(body).path("routes");
					for (Pending p : batch) {
						JsonNode r = routes.get(p.vm().toString());
						boolean ok = p.present() ? r != null && p.route().equals(r.asString())
								: r == null || r.isNull();
						if (ok && q.remove(p) && recording) {
							routeLatencies.add(now - p.changedNanos());
						}
					}
				}, ex -> {
				});
		}

		void close() {
			timer.shutdownNow();
			resolvers.forEach(DnsProbe::close);
		}

	}

	/**
	 * The name probes of one adapter through one UDP socket, answers matched by message id (a
	 * resolver that opens a socket per query cost the load process more than the adapters it
	 * measures: 500 pending names are 12,500 queries a second).
	 */
	static final class DnsProbe {

		final DatagramChannel channel;

		final InetSocketAddress target;

		final Map<Integer, java.util.function.Consumer<Message>> waiting = new ConcurrentHashMap<>();

		final AtomicInteger ids = new AtomicInteger();

		DnsProbe(int port) throws IOException {
			target = new InetSocketAddress("127.0.0.1", port);
			channel = DatagramChannel.open();
			channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread receiver = new Thread(this::receive, "dns-probe-" + port);
			receiver.setDaemon(true);
			receiver.start();
		}

		void send(Message query, java.util.function.Consumer<Message> onAnswer) {
			int id = ids.getAndIncrement() & 0xFFFF;
			query.getHeader().setID(id);
			waiting.put(id, onAnswer);
			try {
				channel.send(java.nio.ByteBuffer.wrap(query.toWire()), target);
			}
			catch (IOException ex) {
				waiting.remove(id);
			}
		}

		private void receive() {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
			while (channel.isOpen()) {
				try {
					buffer.clear();
					channel.receive(buffer);
					buffer.flip();
					byte[] bytes = new byte[buffer.remaining()];
					buffer.get(bytes);
					Message answer = new Message(bytes);
					var onAnswer = waiting.remove(answer.getHeader().getID());
					if (onAnswer != null) {
						onAnswer.accept(answer);
					}
				}
				catch (java.nio.channels.ClosedChannelException ex) {
					return;
				}
				catch (IOException | RuntimeException ex) {
					// A garbled answer: its query is asked again after its timeout.
				}
			}
		}

		void close() {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

	// =====================================================================================
	// the change feed as a listener sees it: bytes per item
	// =====================================================================================

	static final class FeedMeter {

		final AtomicLong items = new AtomicLong();

		final AtomicLong bytes = new AtomicLong();

		volatile reactor.core.Disposable connection;

		void connect(URI base) {
			ChangeFeedCodec codec = new ChangeFeedCodec(JSON);
			String registration = codec.registration(UUID.randomUUID(), "bench-datacenter", "vm",
					List.of("alias", "destroyed", "owner_uuid", "server_uuid", "state", "tags"));
			connection = HttpClient.create()
				.headers(h -> h.set("Accept-Version", "~1"))
				.websocket(reactor.netty.http.client.WebsocketClientSpec.builder()
					.maxFramePayloadLength(64 * 1024 * 1024)
					.build())
				.uri("ws://" + base.getRawAuthority() + "/changefeeds")
				.handle((in, o) -> o.sendString(Mono.just(registration))
					.then()
					.and(in.receive().asString().doOnNext(text -> {
						if (!text.contains("\"bootstrapComplete\"")) {
							items.incrementAndGet();
							bytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
						}
					}).then())
					.then(Mono.never()))
				.subscribe(x -> {
				}, ex -> {
				});
		}

		void close() {
			if (connection != null) {
				connection.dispose();
			}
		}

	}

	// =====================================================================================
	// reporting
	// =====================================================================================

	static final class Report {

		final String mode;

		final Map<String, String> values = new LinkedHashMap<>();

		Report(String mode) {
			this.mode = mode;
		}

		void put(String key, String value) {
			values.put(key, value);
			System.out.printf("[%s] %-58s %s%n", mode, key, value);
		}

	}

	static String pct(List<Long> nanos, double q) {
		if (nanos.isEmpty()) {
			return "n/a";
		}
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		int idx = (int) Math.ceil(q * sorted.length) - 1;
		return String.format("%.0f", sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6);
	}

	static String secs(long nanos) {
		return nanos < 0 ? "not reached" : String.format("%.1f", nanos / 1e9);
	}

	static void printSideBySide(Map<String, Report> reports) {
		Set<String> keys = new java.util.LinkedHashSet<>();
		reports.values().forEach(r -> keys.addAll(r.values.keySet()));
		System.out.println();
		System.out.println("== side by side");
		StringBuilder head = new StringBuilder(String.format("%-60s", "measure"));
		reports.keySet().forEach(m -> head.append(String.format(" %-26s", m)));
		System.out.println(head);
		for (String key : keys) {
			StringBuilder line = new StringBuilder(String.format("%-60s", key));
			reports.values().forEach(r -> line.append(String.format(" %-26s", r.values.getOrDefault(key, "-"))));
			System.out.println(line);
		}
	}

	/** CPU % of a core and RSS of every service and of this process over a window. */
	static final class Window {

		final Map<String, long[]> start = new LinkedHashMap<>();

		final long startNanos = System.nanoTime();

		final List<Service> services;

		Window(List<Service> services) {
			this.services = services;
			services.forEach(s -> start.put(s.name, procStat(s.pid())));
			start.put("load process", procStat(selfPid()));
		}

		void report(Report report, String label) {
			double seconds = (System.nanoTime() - startNanos) / 1e9;
			for (Service s : services) {
				line(report, label, s.name, start.get(s.name), procStat(s.pid()), seconds);
			}
			line(report, label, "load process", start.get("load process"), procStat(selfPid()), seconds);
		}

		private static void line(Report report, String label, String name, long[] a, long[] b, double seconds) {
			double cpu = (b[0] - a[0]) * 100.0 / CLK_TCK / seconds;
			report.put(String.format("%s: %s CPU %% of a core / RSS MiB", label, name),
					String.format("%.1f / %d", cpu, b[1] / 1024));
		}

	}

	static long waitFor(long sinceNanos, Duration max, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + max.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return System.nanoTime() - sinceNanos;
			}
			Thread.sleep(250);
		}
		return -1;
	}

	// =====================================================================================
	// one mode's run: the common part
	// =====================================================================================

	abstract static class Run {

		final Report report;

		final World world = new World();

		final List<Service> adapters = new ArrayList<>();

		final List<Service> proxies = new ArrayList<>();

		Service discovery;

		Watcher watcher;

		final FeedMeter feed = new FeedMeter();

		final ScheduledExecutorService churnTimer = Executors.newSingleThreadScheduledExecutor();

		volatile boolean churning;

		final AtomicLong changes = new AtomicLong();

		Run(Report report) {
			this.report = report;
		}

		abstract String feedUrl();

		abstract void start(Vm vm, Node node);

		abstract void stop(Vm vm, Node node);

		List<Service> all() {
			List<Service> all = new ArrayList<>();
			all.add(discovery);
			all.addAll(proxies);
			all.addAll(adapters);
			return all;
		}

		void makeFollowers() throws IOException {
			for (int i = 1; i <= 2; i++) {
				int dns = freePort();
				adapters.add(new Service("cns-adapter-" + i, "cns-adapter.jar", freePort(), freePort(), dns,
						List.of("--cmon.triton.vmapi-url=" + feedUrl(), "--cmon.triton.cnapi-url=" + feedUrl(),
								"--cmon.cns.zones=" + ZONE, "--cmon.cns.proxy-addresses=127.0.0.1",
								"--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=" + dns,
								"--cmon.cns.server.serial-file=" + work.resolve(report.mode + "-serials-" + i))));
				proxies.add(new Service("metric-proxy-" + i, "metric-proxy.jar", freePort(), freePort(), 0,
						List.of("--cmon.triton.vmapi-url=" + feedUrl(), "--cmon.triton.cnapi-url=" + feedUrl(),
								"--cmon.proxy.datacenter=" + DC, "--cmon.proxy.dns-suffix=cns.test",
								"--management.endpoints.web.exposure.include=health,info,prometheus,inventory")));
			}
		}

		/** Every name of the truth answers (cheap count first, then a full transfer). */
		boolean namesComplete(Service adapter) {
			JsonNode cns = getJson(adapter.mgmt("/actuator/cns"));
			int expected = world.live.size() + world.nodes.size();
			if (cns == null || cns.path("zones").path(0).path("records").asInt(-1) < 0) {
				return false;
			}
			if (cns.path("names").asInt() != expected) {
				return false;
			}
			Set<String> served = axfr(adapter);
			return served != null && compare(world.expectedNames(), served)[0] == 0
					&& compare(world.expectedNames(), served)[1] == 0;
		}

		boolean routesComplete(Service proxy) {
			JsonNode inv = getJson(proxy.mgmt("/actuator/inventory"));
			if (inv == null || inv.path("vms").asInt() != world.live.size()
					|| inv.path("servers").asInt() != world.nodes.size()) {
				return false;
			}
			Map<String, String> served = routes(proxy);
			if (served == null) {
				return false;
			}
			int[] c = compareRoutes(world.expectedRoutes(), served);
			return c[0] == 0 && c[1] == 0;
		}

		/** Starts the followers and records when each serves everything; false if one never does. */
		void startFollowers(long t0, String label, Duration max) throws Exception {
			for (Service s : proxies) {
				s.start();
			}
			for (Service s : adapters) {
				s.start();
			}
			awaitFollowers(t0, label, max, adapters, proxies);
		}

		void awaitFollowers(long t0, String label, Duration max, List<Service> as, List<Service> ps)
				throws InterruptedException {
			Map<Service, Long> done = new ConcurrentHashMap<>();
			long deadline = System.nanoTime() + max.toNanos();
			while (done.size() < as.size() + ps.size() && System.nanoTime() < deadline) {
				for (Service a : as) {
					if (!done.containsKey(a) && namesComplete(a)) {
						done.put(a, System.nanoTime() - t0);
					}
				}
				for (Service p : ps) {
					if (!done.containsKey(p) && routesComplete(p)) {
						done.put(p, System.nanoTime() - t0);
					}
				}
				Thread.sleep(250);
			}
			for (Service a : as) {
				report.put(label + ": " + a.name + " every name answers, s", secs(done.getOrDefault(a, -1L)));
			}
			for (Service p : ps) {
				report.put(label + ": " + p.name + " every VM routable, s", secs(done.getOrDefault(p, -1L)));
			}
			// The same moments counted from each follower's own process start, and from its application
			// start (Spring's "Started ... in X seconds (process running for Y)": Y after the process began).
			List<Service> followers = new ArrayList<>(as);
			followers.addAll(ps);
			for (Service f : followers) {
				Long at = done.get(f);
				String what = as.contains(f) ? " every name answers" : " every VM routable";
				if (at == null) {
					continue;
				}
				long fromProcess = t0 + at - f.startedNanos;
				double running = f.processRunningAtStarted();
				report.put(label + ": " + f.name + what + ", s from its process start / from its application start",
						secs(fromProcess) + " / "
								+ (running < 0 ? "n/a" : secs(fromProcess - (long) (running * 1e9))));
				long listing = f.lastListingMillis();
				if (listing >= 0) {
					report.put(label + ": " + f.name + " first VM listing (its log), s", secs(listing * 1_000_000));
				}
			}
		}

		void churn(boolean withBurst, int seconds) throws InterruptedException {
			churning = true;
			long periodMicros = (long) (1_000_000 / churnRate);
			var task = churnTimer.scheduleAtFixedRate(() -> {
				if (churning) {
					oneChange(world.nodes.get(random.nextInt(world.nodes.size())));
				}
			}, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
			Thread.sleep(seconds * 500L);
			if (withBurst) {
				// A rack reboots: its nodes' containers stop and start again (new instances), all at once.
				int perNode = Math.min(vmsPerNode, 50);
				int rackNodes = Math.max(1, burst / (2 * perNode));
				churnTimer.execute(() -> {
					for (int r = 0; r < rackNodes; r++) {
						Node node = world.nodes.get(random.nextInt(world.nodes.size()));
						for (int k = 0; k < perNode; k++) {
							Vm gone = world.remove(node);
							stop(gone, node);
							watcher.changed(gone.uuid(), false, null, System.nanoTime());
							Vm vm = world.add(node, gone.ownerUuid());
							start(vm, node);
							watcher.changed(vm.uuid(), true, World.route(node, vm.uuid()), System.nanoTime());
						}
						changes.addAndGet(2L * perNode);
					}
				});
			}
			Thread.sleep(seconds * 500L);
			task.cancel(false);
			churning = false;
		}

		void oneChange(Node node) {
			long now = System.nanoTime();
			if (random.nextBoolean() || node.vms.size() < vmsPerNode / 2) {
				UUID owner = world.accounts.get(random.nextInt(world.accounts.size()));
				Vm vm = world.add(node, owner);
				start(vm, node);
				watcher.changed(vm.uuid(), true, World.route(node, vm.uuid()), now);
			}
			else {
				Vm vm = world.remove(node);
				stop(vm, node);
				watcher.changed(vm.uuid(), false, null, now);
			}
			changes.incrementAndGet();
		}

		void reportLatencies(String label) throws InterruptedException {
			waitFor(System.nanoTime(), Duration.ofSeconds(20), () -> watcher.pending() == 0);
			report.put(label + ": changes made / DNS answers seen / routes seen",
					changes.get() + " / " + watcher.dnsLatencies.size() + " / " + watcher.routeLatencies.size());
			report.put(label + ": change -> name answers p50 / p99 / max, ms", pct(watcher.dnsLatencies, 0.5) + " / "
					+ pct(watcher.dnsLatencies, 0.99) + " / " + pct(watcher.dnsLatencies, 1.0));
			report.put(label + ": change -> proxy routes p50 / p99 / max, ms", pct(watcher.routeLatencies, 0.5) + " / "
					+ pct(watcher.routeLatencies, 0.99) + " / " + pct(watcher.routeLatencies, 1.0));
			report.put(label + ": still pending (never seen)", Integer.toString(watcher.pending()));
			watcher.dnsLatencies.clear();
			watcher.routeLatencies.clear();
			changes.set(0);
		}

		void discoverLatency() {
			String url = "http://127.0.0.1:" + discovery.httpPort + "/v1/discover";
			for (Object[] acct : new Object[][] { { "largest account (" + (nodes * 10) + " VMs)", world.bigAccount, 200 },
					{ "typical account", world.typicalAccount(), 500 } }) {
				UUID owner = (UUID) acct[1];
				int runs = (int) acct[2];
				List<Long> lat = new ArrayList<>();
				int size = 0;
				for (int i = 0; i < runs + runs / 5; i++) {
					long t = System.nanoTime();
					byte[] body = probe.headers(h -> h.set("X-Cmon-Account-Uuid", owner.toString())
						.set("X-Cmon-Account-Login", "bench")
						.set("X-Cmon-Account-Operator", "false")
						.set("X-Cmon-Proxy-Token", PROXY_TOKEN))
						.get()
						.uri(url)
						.responseSingle((res, buf) -> buf.asByteArray())
						.block(Duration.ofSeconds(30));
					if (i >= runs / 5) {
						lat.add(System.nanoTime() - t);
					}
					size = body == null ? 0 : body.length;
				}
				report.put("/v1/discover " + acct[0] + " p50 / p99 ms (bytes)", String.format("%.2f / %.2f (%,d)",
						Double.parseDouble(pctMicros(lat, 0.5)) / 1000, Double.parseDouble(pctMicros(lat, 0.99)) / 1000,
						size));
			}
		}

		static String pctMicros(List<Long> nanos, double q) {
			long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			int idx = (int) Math.ceil(q * sorted.length) - 1;
			return Long.toString(sorted[Math.max(0, idx)] / 1000);
		}

		void finalCheck(String label) throws InterruptedException {
			Thread.sleep(3000);
			waitFor(System.nanoTime(), Duration.ofSeconds(30), () -> watcher.pending() == 0);
			Set<String> names = world.expectedNames();
			Map<String, String> routes = world.expectedRoutes();
			for (Service a : adapters) {
				Set<String> served = axfr(a);
				int[] c = served == null ? new int[] { -1, -1 } : compare(names, served);
				report.put(label + ": " + a.name + " stale / missing names", c[0] + " / " + c[1]);
			}
			for (Service p : proxies) {
				Map<String, String> served = routes(p);
				int[] c = served == null ? new int[] { -1, -1 } : compareRoutes(routes, served);
				report.put(label + ": " + p.name + " stale / missing routes", c[0] + " / " + c[1]);
			}
		}

		/** Kills one proxy and one adapter replica mid-churn, restarts them, times until they serve everything. */
		void replicaFault() throws Exception {
			Service proxy = proxies.get(0);
			Service adapter = adapters.get(0);
			churning = true;
			long periodMicros = (long) (1_000_000 / churnRate);
			var task = churnTimer.scheduleAtFixedRate(() -> oneChange(world.nodes.get(random.nextInt(world.nodes.size()))),
					periodMicros, periodMicros, TimeUnit.MICROSECONDS);
			Thread.sleep(3000);
			proxy.kill();
			adapter.kill();
			watcher.recording = false;
			long t = System.nanoTime();
			proxy.start();
			adapter.start();
			Thread.sleep(5000);
			task.cancel(false);
			churning = false;
			awaitFollowers(t, "replica restart (kill -9 mid-churn)", Duration.ofSeconds(150), List.of(adapter),
					List.of(proxy));
			watcher.clear();
			watcher.recording = true;
		}

		void shutdown() throws InterruptedException {
			churnTimer.shutdownNow();
			if (watcher != null) {
				watcher.close();
			}
			feed.close();
			for (Service s : all()) {
				if (s != null) {
					s.stop();
				}
			}
		}

		void peakRss() {
			for (Service s : all()) {
				report.put("peak RSS (VmHWM) MiB: " + s.name, Long.toString(procStat(s.pid())[2] / 1024));
			}
			report.put("peak RSS (VmHWM) MiB: load process", Long.toString(procStat(selfPid())[2] / 1024));
		}

	}

	// =====================================================================================
	// standalone mode: agents register with triton-discovery
	// =====================================================================================

	static final class StandaloneRun extends Run {

		final Agents agents;

		StandaloneRun(Report report) throws IOException {
			super(report);
			int http = freePort();
			discovery = new Service("triton-discovery", "triton-discovery.jar", http, freePort(), 0,
					List.of("--cmon.discovery.proxy-token=" + PROXY_TOKEN, "--cmon.discovery.registry.enabled=true",
							"--cmon.discovery.registry.agent-token=" + AGENT_TOKEN));
			agents = new Agents(world, "http://127.0.0.1:" + http);
		}

		@Override
		String feedUrl() {
			return "http://127.0.0.1:" + discovery.httpPort;
		}

		@Override
		void start(Vm vm, Node node) {
			agents.changed(node);
		}

		@Override
		void stop(Vm vm, Node node) {
			agents.changed(node);
		}

		void run() throws Exception {
			try {
				makeFollowers();
				System.out.println("== standalone mode: " + nodes + " agents register with triton-discovery");
				long t0 = System.nanoTime();
				discovery.start();
				agents.start();
				long registered = waitFor(t0, Duration.ofSeconds(180), () -> agents.registeredCount() == nodes);
				report.put("start: every agent registered, s", secs(registered));
				startFollowers(t0, "start (all services and agents at t=0)", Duration.ofSeconds(240));
				watcher = new Watcher(adapters, proxies);
				feed.connect(URI.create(feedUrl()));

				Thread.sleep(5000);
				agents.resetCounters();
				Window rest = new Window(all());
				Thread.sleep(restSeconds * 1000L);
				rest.report(report, "at rest (heartbeats only)");
				report.put("heartbeats in the rest window: digest / full", agents.digestBeats.get() + " / " + agents.fullBeats.get());
				report.put("bytes per heartbeat (request body + answer body): digest", agents.digestBytes());
				report.put("bytes per heartbeat (request body + answer body): full list (today's protocol)", agents.fullBytes());
				discoverLatency();

				agents.resetCounters();
				long itemsBefore = feed.items.get();
				long bytesBefore = feed.bytes.get();
				Window churnWindow = new Window(all());
				churn(true, churnSeconds);
				churnWindow.report(report, "churn");
				long items = feed.items.get() - itemsBefore;
				report.put("change-feed items in the churn / bytes per item", items + " / "
						+ (items == 0 ? "n/a" : Long.toString((feed.bytes.get() - bytesBefore) / items)));
				report.put("registry PUTs with a full list during the churn (bytes each)", agents.fullBeats.get() + " ("
						+ agents.fullBytes() + ")");
				reportLatencies("churn");
				finalCheck("after the churn");

				// triton-discovery killed mid-churn
				System.out.println("== standalone mode: kill -9 triton-discovery mid-churn, restart");
				churning = true;
				long periodMicros = (long) (1_000_000 / churnRate);
				var task = churnTimer.scheduleAtFixedRate(
						() -> oneChange(world.nodes.get(random.nextInt(world.nodes.size()))), periodMicros, periodMicros,
						TimeUnit.MICROSECONDS);
				Thread.sleep(3000);
				discovery.kill();
				watcher.recording = false;
				long tk = System.nanoTime();
				agents.forgetRegistered();
				discovery.start();
				Thread.sleep(10_000);
				task.cancel(false);
				churning = false;
				long rereg = waitFor(tk, Duration.ofSeconds(120), () -> agents.registeredCount() == nodes);
				report.put("discovery restart: every agent re-registered, s", secs(rereg));
				awaitFollowers(tk, "discovery restart: followers resynced", Duration.ofSeconds(150), adapters, proxies);
				watcher.clear();
				watcher.recording = true;
				finalCheck("after the discovery restart");

				System.out.println("== standalone mode: kill -9 one proxy and one adapter mid-churn, restart");
				replicaFault();
				finalCheck("after the replica restart");
				peakRss();
			}
			finally {
				agents.stop();
				shutdown();
			}
		}

	}

	/**
	 * The simulated agents: each node PUTs its containers to the registry on start, on every change
	 * and every heartbeat interval; when the registry answered a digest, heartbeats send only that.
	 * A share ({@code --legacy-share}) keeps today's protocol (the full list every time).
	 */
	static final class Agents {

		final World world;

		final String base;

		final HttpClient http;

		final Agent[] agents;

		final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

		final AtomicLong digestBeats = new AtomicLong();

		final AtomicLong digestBytesTotal = new AtomicLong();

		final AtomicLong fullBeats = new AtomicLong();

		final AtomicLong fullBytesTotal = new AtomicLong();

		Agents(World world, String base) {
			this.world = world;
			this.base = base;
			this.http = HttpClient.create(ConnectionProvider.builder("agents").maxConnections(64).build())
				.baseUrl(base)
				.responseTimeout(Duration.ofSeconds(10))
				.headers(h -> h.set("Authorization", "Bearer " + AGENT_TOKEN).set("Content-Type", "application/json"));
			this.agents = new Agent[world.nodes.size()];
			for (int i = 0; i < agents.length; i++) {
				agents[i] = new Agent(world.nodes.get(i), i < legacyShare * agents.length);
			}
		}

		final class Agent {

			final Node node;

			final boolean legacy;

			volatile String digest;

			volatile boolean registered;

			volatile long changeCount;

			volatile long sentChangeCount = -1;

			volatile long nextDueNanos;

			volatile boolean inFlight;

			volatile long backoffMillis = 1000;

			volatile long heartbeatMillis = 10_000;

			Agent(Node node, boolean legacy) {
				this.node = node;
				this.legacy = legacy;
			}

			String fullBody() {
				StringBuilder b = new StringBuilder(256 + vmsPerNode * 400);
				b.append("{\"hostname\":\"").append(node.hostname).append("\",\"admin_ip\":\"").append(node.adminIp)
					.append("\",\"agent_port\":9163,\"vms\":[");
				synchronized (world) {
					boolean first = true;
					for (Vm vm : node.vms.values().stream().sorted((a, c) -> a.uuid().toString().compareTo(c.uuid().toString())).toList()) {
						if (!first) {
							b.append(',');
						}
						first = false;
						b.append(VmJson.write(vm).toString());
					}
				}
				return b.append("]}").toString();
			}

			void send() {
				inFlight = true;
				long changesNow = changeCount;
				boolean full = legacy || digest == null || changesNow != sentChangeCount;
				String path = "/v1/registry/servers/" + node.uuid + (full ? "" : "/heartbeat");
				String body = full ? fullBody() : "{\"vms_digest\":\"" + digest + "\"}";
				int requestBytes = body.getBytes(StandardCharsets.UTF_8).length;
				http.request(HttpMethod.PUT)
					.uri(path)
					.send(ByteBufMono.fromString(Mono.just(body)))
					.responseSingle((res, buf) -> buf.asString().defaultIfEmpty("").map(s -> new Object[] { res.status().code(), s }))
					.subscribe(answer -> {
						int status = (Integer) answer[0];
						String text = (String) answer[1];
						if (status == 200) {
							(full ? fullBeats : digestBeats).incrementAndGet();
							(full ? fullBytesTotal : digestBytesTotal).addAndGet(requestBytes + text.length());
							JsonNode node = JSON.readTree(text);
							if (node.has("vms_digest")) {
								digest = node.get("vms_digest").asString();
							}
							else if (full) {
								digest = null;
							}
							heartbeatMillis = node.path("heartbeat_interval_ms").asLong(10_000);
							if (full) {
								sentChangeCount = changesNow;
							}
							registered = true;
							backoffMillis = 1000;
							nextDueNanos = changeCount != sentChangeCount ? 0
									: System.nanoTime() + heartbeatMillis * 1_000_000;
						}
						else if (status == 404 || status == 409) {
							// The registry does not know this node's list (it restarted): the full list now.
							digest = null;
							nextDueNanos = 0;
						}
						else {
							failed();
						}
						inFlight = false;
					}, ex -> {
						failed();
						inFlight = false;
					});
			}

			void failed() {
				nextDueNanos = System.nanoTime() + backoffMillis * 1_000_000;
				backoffMillis = Math.min(30_000, backoffMillis * 2);
			}

		}

		void start() {
			long now = System.nanoTime();
			for (Agent a : agents) {
				a.nextDueNanos = now;
			}
			ticker.scheduleWithFixedDelay(() -> {
				long t = System.nanoTime();
				for (Agent a : agents) {
					if (!a.inFlight && a.nextDueNanos <= t) {
						a.send();
					}
				}
			}, 0, 10, TimeUnit.MILLISECONDS);
		}

		void changed(Node node) {
			Agent a = agents[node.index];
			a.changeCount++;
			a.nextDueNanos = 0;
		}

		long registeredCount() {
			return Arrays.stream(agents).filter(a -> a.registered).count();
		}

		void forgetRegistered() {
			for (Agent a : agents) {
				a.registered = false;
			}
		}

		void resetCounters() {
			digestBeats.set(0);
			digestBytesTotal.set(0);
			fullBeats.set(0);
			fullBytesTotal.set(0);
		}

		String digestBytes() {
			long n = digestBeats.get();
			return n == 0 ? "n/a (no digest heartbeats)" : Long.toString(digestBytesTotal.get() / n);
		}

		String fullBytes() {
			long n = fullBeats.get();
			if (n == 0) {
				return Integer.toString(agents[0].fullBody().length()) + " (body size; none sent)";
			}
			return Long.toString(fullBytesTotal.get() / n);
		}

		void stop() {
			ticker.shutdownNow();
		}

	}

	// =====================================================================================
	// Triton mode: the fake VMAPI/CNAPI with its real change-feed publisher
	// =====================================================================================

	static final class TritonRun extends Run {

		final FakeTriton triton = FakeTriton.start();

		TritonRun(Report report) throws IOException {
			super(report);
			discovery = new Service("triton-discovery", "triton-discovery.jar", freePort(), freePort(), 0,
					List.of("--cmon.discovery.proxy-token=" + PROXY_TOKEN, "--cmon.triton.vmapi-url=" + feedUrl(),
							"--cmon.triton.cnapi-url=" + feedUrl()));
		}

		@Override
		String feedUrl() {
			return triton.baseUrl().toString();
		}

		@Override
		void start(Vm vm, Node node) {
			triton.putVm(vm);
		}

		@Override
		void stop(Vm vm, Node node) {
			triton.destroyVm(vm.uuid());
		}

		/** What paging through GET /vms costs a client that does nothing else (parse, find the marker). */
		long barePaging() {
			long t = System.nanoTime();
			String marker = null;
			int total = 0;
			while (true) {
				String uri = feedUrl() + "/vms?state=active&limit=1000"
						+ (marker == null ? "" : "&marker=" + java.net.URLEncoder.encode("{\"uuid\":\"" + marker + "\"}",
								StandardCharsets.UTF_8));
				String body = probe.get().uri(uri).responseSingle((res, buf) -> buf.asString()).block();
				JsonNode page = JSON.readTree(body);
				if (page.isEmpty()) {
					break;
				}
				total += page.size();
				marker = page.get(page.size() - 1).path("uuid").asString();
			}
			if (total != world.live.size()) {
				throw new IllegalStateException("bare paging saw " + total + " VMs, not " + world.live.size());
			}
			return System.nanoTime() - t;
		}

		void run() throws Exception {
			try {
				for (Node node : world.nodes) {
					triton.putServer(node.server());
					node.vms.values().forEach(triton::putVmSilently);
				}
				makeFollowers();
				System.out.println("== Triton mode: fake VMAPI/CNAPI with " + world.live.size() + " VMs on "
						+ world.nodes.size() + " servers");
				barePaging();
				long bare = Long.MAX_VALUE;
				for (int i = 0; i < 3; i++) {
					bare = Math.min(bare, barePaging());
				}
				report.put("bare client paging GET /vms (best of 3 after one warm-up), s", secs(bare));
				long t0 = System.nanoTime();
				discovery.start();
				startFollowers(t0, "start (all services at t=0)", Duration.ofSeconds(240));
				report.put("target for start to everything served (1.2 x bare paging), s", secs((long) (bare * 1.2)));
				waitFor(System.nanoTime(), Duration.ofSeconds(60), () -> up(discovery));
				watcher = new Watcher(adapters, proxies);
				feed.connect(URI.create(feedUrl()));

				Thread.sleep(5000);
				Window rest = new Window(all());
				Thread.sleep(restSeconds * 1000L);
				rest.report(report, "at rest (heartbeats only)");
				discoverLatency();

				long itemsBefore = feed.items.get();
				long bytesBefore = feed.bytes.get();
				Window churnWindow = new Window(all());
				churn(true, churnSeconds);
				churnWindow.report(report, "churn");
				long items = feed.items.get() - itemsBefore;
				report.put("change-feed items in the churn / bytes per item", items + " / "
						+ (items == 0 ? "n/a" : Long.toString((feed.bytes.get() - bytesBefore) / items)));
				reportLatencies("churn");
				finalCheck("after the churn");

				System.out.println("== Triton mode: every change-feed connection dropped, changes lost meanwhile");
				Map<Service, Long> resyncsBefore = new HashMap<>();
				List<Service> followers = new ArrayList<>(proxies);
				followers.addAll(adapters);
				for (Service s : followers) {
					resyncsBefore.put(s, resyncCount(s));
				}
				watcher.recording = false;
				long td = System.nanoTime();
				triton.dropConnections();
				// Changes nobody hears: only the resync can find them.
				for (int i = 0; i < 50; i++) {
					Node node = world.nodes.get(random.nextInt(world.nodes.size()));
					Vm gone = world.remove(node);
					triton.destroyVmSilently(gone.uuid());
					Vm vm = world.add(node, gone.ownerUuid());
					triton.putVmSilently(vm);
				}
				for (Service s : followers) {
					long resync = waitFor(td, Duration.ofSeconds(120),
							() -> resyncCount(s) > resyncsBefore.get(s) && settled(s));
					report.put("change-feed drop: " + s.name + " reconnected and resynced, s", secs(resync));
				}
				watcher.clear();
				watcher.recording = true;
				finalCheck("after the change-feed drop (50 silent stops and 50 silent starts)");

				System.out.println("== Triton mode: kill -9 one proxy and one adapter mid-churn, restart");
				replicaFault();
				finalCheck("after the replica restart");
				peakRss();
			}
			finally {
				shutdown();
				triton.close();
			}
		}

		long resyncCount(Service s) {
			JsonNode body = s.name.startsWith("cns") ? getJson(s.mgmt("/actuator/cns"))
					: getJson(s.mgmt("/actuator/inventory"));
			if (body == null) {
				return -1;
			}
			return s.name.startsWith("cns") ? body.path("changeFeed").path("resyncs").asLong()
					: body.path("resyncs").asLong();
		}

		boolean settled(Service s) {
			if (s.name.startsWith("cns")) {
				return namesComplete(s);
			}
			return routesComplete(s);
		}

	}

}
