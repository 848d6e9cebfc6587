import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * index alone), beside a full scan of the inventory for contrast. Not a test: run
 * bench/discovery/run.sh.
 */
public class DiscoverBenchmark {

	static final int INVENTORY = 100_000;

	static final int[] ACCOUNT_SIZES = { 100, 1_000, 10_000 };

	public static void main(String[] args) throws Exception {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TritonDiscoveryApplication.class)
			.properties("server.port=0", "management.server.port=-1", "cmon.discovery.proxy-token=bench",
					"logging.level.root=warn")
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
			System.out.printf("inventory: %,d VMs (%d CPUs, %s)%n", inventory.vmCount(),
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			System.out.printf("%-10s %-28s %10s %10s %8s%n", "account", "path", "p50 ms", "p99 ms", "runs");
			for (int i = 0; i < ACCOUNT_SIZES.length; i++) {
				UUID owner = measured.get(i);
				int size = ACCOUNT_SIZES[i];
				int runs = size >= 10_000 ? 200 : 1_000;
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/discover"))
					.header("X-Cmon-Proxy-Token", "bench")
					.header("X-Cmon-Account-Uuid", owner.toString())
					.header("X-Cmon-Account-Login", "bench")
					.header("X-Cmon-Account-Operator", "false")
					.build();
				report(size, "GET /v1/discover (HTTP+JSON)", runs, () -> {
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
				Account account = new Account(owner, "bench", false);
				report(size, "owner index (in process)", runs, () -> discovery.containers(account, Optional.empty()).size());
				report(size, "full scan (for contrast)", Math.min(runs, 200), () -> (int) inventory.vms()
					.stream()
					.filter(vm -> vm.ownerUuid().equals(owner) && vm.state() == VmState.RUNNING)
					.count());
			}
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

	static void report(int size, String path, int runs, Supplier<Integer> call) {
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
		System.out.printf("%,-10d %-28s %10.3f %10.3f %8d%n", size, path, nanos[runs / 2] / 1e6,
				nanos[(int) Math.ceil(runs * 0.99) - 1] / 1e6, runs);
	}

}
