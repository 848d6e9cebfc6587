import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TritonDiscoveryApplication;
import io.containermonitor.discovery.web.ContainerDiscovery;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Discover latency (p50/p99) for accounts of 100, 1,000 and 10,000 VMs in an inventory of
 * 100,000: over HTTP against the real application (JSON included), and in process (the owner
 * index alone), beside a full scan of the inventory for contrast. Repeated R times (argument,
 * default 3); prints each repetition, the medians of p50 and p99 over them, and the ratios
 * HTTP/owner index (what HTTP and JSON cost) and owner index/full scan. Not a test: run
 * bench/discovery/run.sh.
 */
public class DiscoverBenchmark {

	static final int INVENTORY = 100_000;

	static final int[] ACCOUNT_SIZES = { 100, 1_000, 10_000 };

	static final String HTTP = "GET /v1/discover (HTTP+JSON)";

	static final String INDEX = "owner index (in process)";

	static final String SCAN = "full scan (for contrast)";

	public static void main(String[] args) throws Exception {
		int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
		System.out.printf("benchmark JVM (runs the service too): %s %s, %d CPUs, max heap %d MiB, options %s%n",
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
				ManagementFactory.getRuntimeMXBean().getInputArguments());
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TritonDiscoveryApplication.class)
			.properties("server.port=0", "management.server.port=-1", "cmon.discovery.proxy-token=bench",
					"logging.level.root=warn", "spring.main.banner-mode=off")
			.run()) {
			Inventory inventory = app.getBean(Inventory.class);
			ContainerDiscovery discovery = app.getBean(ContainerDiscovery.class);
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();

			List<UUID> measured = new ArrayList<>();
			int filled = 0;
			for (int size : ACCOUNT_SIZES) {
				UUID owner = UUID.randomUUID();
				measured.add(owner);
				fill(inventory, owner, size);
				filled += size;
			}
			// The rest of the cloud: accounts of 100 VMs.
			while (filled < INVENTORY) {
				int size = Math.min(100, INVENTORY - filled);
				fill(inventory, UUID.randomUUID(), size);
				filled += size;
			}
			System.gc();
			Runtime runtime = Runtime.getRuntime();
			System.out.printf("inventory: %,d VMs; heap used after a full GC: %d MiB of %d MiB%n", inventory.vmCount(),
					(runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
			System.out.printf("runs per path and repetition: %s; warm-up before each: a fifth of the runs (at least 50)%n",
					"1,000 (accounts of 100 and 1,000), 200 (10,000; full scans always 200)");

			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			// results.get(size + path) = one {p50, p99} in ms per repetition
			Map<String, List<double[]>> results = new LinkedHashMap<>();
			Map<String, Integer> runCounts = new LinkedHashMap<>();
			for (int rep = 1; rep <= repetitions; rep++) {
				long gcCount = gcCount();
				long gcMillis = gcMillis();
				System.out.println();
				System.out.printf("repetition %d of %d%n", rep, repetitions);
				System.out.printf("%-10s %-30s %10s %10s %8s%n", "account", "path", "p50 ms", "p99 ms", "runs");
				for (int i = 0; i < ACCOUNT_SIZES.length; i++) {
					UUID owner = measured.get(i);
					int size = ACCOUNT_SIZES[i];
					int runs = size >= 10_000 ? 200 : 1_000;
					HttpRequest request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/discover"))
						.header("X-Cmon-Proxy-Token", "bench")
						.header("X-Cmon-Account-Uuid", owner.toString())
						.header("X-Cmon-Account-Login", "bench")
						.header("X-Cmon-Account-Operator", "false")
						.build();
					Account account = new Account(owner, "bench", false);
					Map<String, Supplier<Integer>> paths = new LinkedHashMap<>();
					paths.put(HTTP, () -> {
						try {
							HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
							if (response.statusCode() != 200) {
								throw new IllegalStateException("status " + response.statusCode());
							}
							return response.body().length;
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
					});
					paths.put(INDEX, () -> discovery.containers(account, Optional.empty()).size());
					paths.put(SCAN, () -> (int) inventory.vms()
						.stream()
						.filter(vm -> vm.ownerUuid().equals(owner) && vm.state() == VmState.RUNNING)
						.count());
					for (Map.Entry<String, Supplier<Integer>> path : paths.entrySet()) {
						int n = path.getKey().equals(SCAN) ? Math.min(runs, 200) : runs;
						double[] p = measure(n, path.getValue());
						System.out.printf("%,-10d %-30s %10.4f %10.4f %8d%n", size, path.getKey(), p[0], p[1], n);
						results.computeIfAbsent(size + path.getKey(), k -> new ArrayList<>()).add(p);
						runCounts.put(size + path.getKey(), n);
					}
				}
				System.out.printf("GC in this repetition: %d collections, %d ms; load average now %s%n",
						gcCount() - gcCount, gcMillis() - gcMillis, loadAverage());
			}

			System.out.println();
			System.out.printf("medians over %d repetitions%n", repetitions);
			System.out.printf("%-10s %-30s %10s %10s %8s%n", "account", "path", "p50 ms", "p99 ms", "runs");
			for (int size : ACCOUNT_SIZES) {
				for (String path : List.of(HTTP, INDEX, SCAN)) {
					double[] m = medians(results.get(size + path));
					System.out.printf("%,-10d %-30s %10.4f %10.4f %8s%n", size, path, m[0], m[1],
							repetitions + "x" + runCounts.get(size + path));
				}
			}
			System.out.println();
			System.out.println("ratios of the medians: HTTP/index = what HTTP and JSON add to the look-up; "
					+ "index/scan = the owner index against a full scan");
			System.out.printf("%-10s %14s %14s %14s %14s%n", "account", "HTTP/index p50", "HTTP/index p99",
					"index/scan p50", "index/scan p99");
			for (int size : ACCOUNT_SIZES) {
				double[] h = medians(results.get(size + HTTP));
				double[] x = medians(results.get(size + INDEX));
				double[] f = medians(results.get(size + SCAN));
				System.out.printf("%,-10d %14.1f %14.1f %14.4f %14.4f%n", size, h[0] / x[0], h[1] / x[1], x[0] / f[0],
						x[1] / f[1]);
			}
		}
	}

	static double[] medians(List<double[]> reps) {
		return new double[] { median(reps.stream().mapToDouble(p -> p[0]).toArray()),
				median(reps.stream().mapToDouble(p -> p[1]).toArray()) };
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionCount)
			.sum();
	}

	static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.sum();
	}

	static String loadAverage() {
		try {
			return String.join(" ", Arrays.copyOf(
					java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "), 3));
		}
		catch (java.io.IOException ex) {
			return "?";
		}
	}

	static void fill(Inventory inventory, UUID owner, int count) {
		UUID server = UUID.randomUUID();
		for (int i = 0; i < count; i++) {
			if (i % 50 == 0) {
				server = UUID.randomUUID();
			}
			inventory.putVm(new Vm(UUID.randomUUID(), "vm" + i, owner, server, VmState.RUNNING, "lx", UUID.randomUUID(),
					Map.of(Vm.GROUPS_TAG, i % 2 == 0 ? "web" : "db"), Instant.now(), null, Instant.now()));
		}
	}

	/** Warms up (a fifth of the runs, at least 50), then times {@code runs} calls: {p50, p99} in ms. */
	static double[] measure(int runs, Supplier<Integer> call) {
		for (int i = 0; i < Math.max(50, runs / 5); i++) {
			call.get();
		}
		long[] nanos = new long[runs];
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			call.get();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return new double[] { nanos[(int) Math.ceil(runs * 0.50) - 1] / 1e6,
				nanos[(int) Math.ceil(runs * 0.99) - 1] / 1e6 };
	}

}
