package io.containermonitor.core.inventory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.triton.changefeed.ChangeFeedCodec;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;
import io.containermonitor.core.triton.changefeed.ChangeFeedSettings;
import io.containermonitor.core.triton.cnapi.CnapiClient;
import io.containermonitor.core.triton.vmapi.VmapiClient;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener, the synchronizer and the inventory against the fake VMAPI over a
 * real WebSocket: the inventory must converge to exactly the fake's active VMs,
 * whatever the feed does.
 */
class InventorySyncTests {

	private static final UUID OWNER_A = UUID.fromString("a0000000-0000-4000-8000-000000000001");

	private static final UUID OWNER_B = UUID.fromString("b0000000-0000-4000-8000-000000000002");

	private static final UUID SERVER = UUID.fromString("cccccccc-0000-4000-8000-000000000003");

	private FakeTriton vmapi;

	private Inventory inventory;

	private InventorySynchronizer synchronizer;

	private ChangeFeedListener listener;

	private int next;

	@BeforeEach
	void startFake() {
		vmapi = FakeTriton.start();
		vmapi.putServer(new Server(SERVER, "cn1", "127.0.0.1", 9163, ServerStatus.RUNNING, false));
		inventory = new Inventory();
	}

	@AfterEach
	void stop() {
		if (listener != null) {
			listener.stop();
		}
		if (synchronizer != null) {
			synchronizer.stop();
		}
		vmapi.close();
	}

	private void startSync(int pageSize) {
		// Generous ping settings: a loaded CI machine must not look like a dead connection.
		startSync(pageSize, Duration.ofSeconds(1), Duration.ofSeconds(3));
	}

	private void startSync(int pageSize, Duration pingInterval, Duration pingTimeout) {
		HttpClient http = HttpClient.create().responseTimeout(Duration.ofSeconds(5));
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
		VmapiClient client = new VmapiClient(web, vmapi.baseUrl(), JsonMapper.shared(), pageSize);
		CnapiClient cnapi = new CnapiClient(web, vmapi.baseUrl(), JsonMapper.shared(), 9163);
		synchronizer = new InventorySynchronizer(inventory, client, cnapi, Duration.ofMinutes(10),
				Duration.ofMinutes(10), 8);
		ChangeFeedSettings settings = new ChangeFeedSettings(UUID.randomUUID(), "cmon-test", "vm",
				List.of("alias", "destroyed", "owner_uuid", "server_uuid", "state", "tags"), Duration.ofSeconds(1),
				pingInterval, pingTimeout, Duration.ofMillis(100), Duration.ofMillis(400));
		listener = new ChangeFeedListener(HttpClient.create(), vmapi.baseUrl(), settings,
				new ChangeFeedCodec(JsonMapper.shared()), synchronizer);
		synchronizer.start();
		listener.start();
	}

	private Vm vm(UUID owner, VmState state) {
		next++;
		UUID uuid = UUID.fromString(String.format("%08x-1111-4000-8000-%012x", next, next));
		return new Vm(uuid, "vm" + next, owner, SERVER, state, "lx", null, Map.of("triton.cmon.groups", "web"), null,
				null, null);
	}

	private List<Vm> addVms(int count) {
		List<Vm> added = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			Vm vm = vm(i % 2 == 0 ? OWNER_A : OWNER_B, i % 5 == 0 ? VmState.STOPPED : VmState.RUNNING);
			vmapi.putVmSilently(vm);
			added.add(vm);
		}
		return added;
	}

	private void assertConverges() {
		await(() -> synchronizer.isSettled() && snapshot().equals(vmapi.activeVms()), Duration.ofSeconds(15),
				() -> "inventory " + inventory.vmCount() + " VMs vs fake " + vmapi.activeVms().size());
	}

	private Map<UUID, Vm> snapshot() {
		Map<UUID, Vm> held = new HashMap<>();
		inventory.vms().forEach(vm -> held.put(vm.uuid(), vm));
		return held;
	}

	@Test
	void bootstrapPagesThroughMoreThanOneThousandVms() {
		List<Vm> added = addVms(2345);
		vmapi.destroyVmSilently(added.get(1).uuid());
		startSync(1000);
		assertConverges();
		assertThat(inventory.vmCount()).isEqualTo(2344);
		// 2344 active VMs at 1000 a page: three full or partial pages and the empty one.
		assertThat(vmapi.listRequestCount()).isEqualTo(4);
		assertThat(inventory.vmsOwnedBy(OWNER_A)).hasSize(1173).allMatch(v -> v.ownerUuid().equals(OWNER_A));
		assertThat(inventory.vmsOwnedBy(OWNER_B)).hasSize(1171);
		await(() -> inventory.server(SERVER).isPresent(), Duration.ofSeconds(5), () -> "server not polled");
		assertThat(inventory.server(SERVER).get().adminIp()).isEqualTo("127.0.0.1");
	}

	private UUID firstVm() {
		return vmapi.activeVms().keySet().iterator().next();
	}

	@Test
	void changesArriveThroughTheFeedIncludingDestroyNamingOnlyDestroyed() {
		addVms(10);
		startSync(1000);
		assertConverges();
		Vm created = vm(OWNER_A, VmState.RUNNING);
		vmapi.putVm(created);
		await(() -> inventory.vm(created.uuid()).isPresent(), Duration.ofSeconds(5), () -> "create not seen");

		vmapi.putVm(created.withState(VmState.STOPPED));
		await(() -> inventory.vm(created.uuid()).map(v -> v.state() == VmState.STOPPED).orElse(false),
				Duration.ofSeconds(5), () -> "stop not seen");

		vmapi.destroyVm(created.uuid());
		await(() -> inventory.vm(created.uuid()).isEmpty(), Duration.ofSeconds(5), () -> "destroy not seen");

		UUID other = firstVm();
		vmapi.deleteVm(other);
		await(() -> inventory.vm(other).isEmpty(), Duration.ofSeconds(5), () -> "hard delete (404) not seen");
		assertConverges();
		assertThat(synchronizer.resyncCount()).isEqualTo(1);
	}

	@Test
	void duplicateItemsAreCoalesced() {
		addVms(5);
		startSync(1000);
		assertConverges();
		vmapi.duplicateItems(7);
		long readsBefore = vmapi.getRequestCount();
		Vm created = vm(OWNER_B, VmState.RUNNING);
		vmapi.putVm(created);
		vmapi.putVm(created.withState(VmState.STOPPED));
		assertConverges();
		assertThat(inventory.vm(created.uuid()).get().state()).isEqualTo(VmState.STOPPED);
		// 14 frames for two changes: coalescing by uuid keeps the re-reads well below one per frame.
		assertThat(vmapi.getRequestCount() - readsBefore).isBetween(1L, 6L);
	}

	@Test
	void aBurstOfChangesIsReadInBatchesIncludingStopsDestroysAndHardDeletes() {
		List<Vm> before = addVms(300);
		startSync(1000);
		assertConverges();
		long listsBefore = vmapi.listRequestCount();
		long readsBefore = vmapi.getRequestCount();

		// A rack reboots: 100 VMs destroyed (item naming destroyed only), 20 deleted outright (404),
		// 30 stopped, and 150 new ones, all at once.
		for (int i = 0; i < 100; i++) {
			vmapi.destroyVm(before.get(i).uuid());
		}
		for (int i = 100; i < 120; i++) {
			vmapi.deleteVm(before.get(i).uuid());
		}
		for (int i = 120; i < 150; i++) {
			vmapi.putVm(before.get(i).withState(VmState.STOPPED));
		}
		for (int i = 0; i < 150; i++) {
			vmapi.putVm(vm(OWNER_A, VmState.RUNNING));
		}

		assertConverges();
		assertThat(inventory.vmCount()).isEqualTo(300 - 120 + 150);
		assertThat(inventory.vm(before.get(130).uuid())).hasValueSatisfying(
				vm -> assertThat(vm.state()).isEqualTo(VmState.STOPPED));
		long requests = vmapi.listRequestCount() - listsBefore + vmapi.getRequestCount() - readsBefore;
		// 300 changed VMs: at most 50 a listing (two requests each, the page and the empty one), and
		// single reads for whatever arrived alone.
		assertThat(requests).as("requests for 300 changed VMs").isLessThan(100);
		assertThat(synchronizer.failedReadCount()).isZero();
	}

	@Test
	void aNonJsonFrameIsCountedAndSkippedWithoutDroppingTheConnection() {
		addVms(3);
		startSync(1000);
		assertConverges();
		vmapi.sendRawFrame("this is not json");
		vmapi.sendRawFrame("{\"changeKind\":42}");
		await(() -> listener.malformedFrameCount() == 2, Duration.ofSeconds(5), () -> "malformed frames not counted");
		Vm created = vm(OWNER_A, VmState.RUNNING);
		vmapi.putVm(created);
		await(() -> inventory.vm(created.uuid()).isPresent(), Duration.ofSeconds(5), () -> "feed died");
		assertThat(listener.connectCount()).isEqualTo(1);
		assertThat(vmapi.upgradeCount()).isEqualTo(1);
	}

	@Test
	void aHealthyConnectionStaysUpAcrossManyPingsHeartbeatsAndChanges() throws InterruptedException {
		List<Vm> added = addVms(20);
		startSync(100, Duration.ofMillis(200), Duration.ofSeconds(3));
		assertConverges();
		// Pings every 200 ms, heartbeats every second and a change now and then, for 6 s.
		for (int i = 0; i < 12; i++) {
			Thread.sleep(500);
			Vm vm = added.get(i);
			vmapi.putVm(new Vm(vm.uuid(), "renamed" + i, vm.ownerUuid(), vm.serverUuid(), vm.state(), vm.brand(), null,
					vm.tags(), null, null, null));
		}
		assertConverges();
		assertThat(vmapi.upgradeCount()).as("WebSocket upgrades").isEqualTo(1);
		assertThat(listener.connectCount()).isEqualTo(1);
	}

	@Test
	void aDroppedConnectionReconnectsAndResyncsWhatHappenedDuringTheOutage() {
		addVms(1500);
		startSync(500);
		assertConverges();
		vmapi.refuseChangeFeed(true);
		await(() -> !listener.isConnected(), Duration.ofSeconds(5), () -> "drop not noticed");
		// Changes while nobody listens: the publisher has no replay.
		List<UUID> doomed = vmapi.activeVms().keySet().stream().limit(40).toList();
		doomed.forEach(vmapi::destroyVm);
		Vm born = vm(OWNER_B, VmState.RUNNING);
		vmapi.putVm(born);
		vmapi.refuseChangeFeed(false);
		assertConverges();
		assertThat(listener.connectCount()).isGreaterThanOrEqualTo(2);
		assertThat(synchronizer.resyncCount()).isGreaterThanOrEqualTo(2);
		assertThat(inventory.vm(born.uuid())).isPresent();
		doomed.forEach(uuid -> assertThat(inventory.vm(uuid)).isEmpty());
	}

	@Test
	void aSilentlyDeadConnectionIsDetectedByPingAndReplaced() {
		addVms(4);
		startSync(1000, Duration.ofMillis(200), Duration.ofMillis(400));
		assertConverges();
		vmapi.blackHole(true);
		UUID doomed = firstVm();
		vmapi.destroyVm(doomed);
		await(() -> vmapi.upgradeCount() >= 2, Duration.ofSeconds(5), () -> "dead connection never replaced");
		vmapi.blackHole(false);
		assertConverges();
		assertThat(inventory.vm(doomed)).isEmpty();
	}

	@Test
	void vmapiFailingThenRecoveringIsRetried() {
		addVms(20);
		vmapi.failNextRequests(3, 503);
		startSync(1000);
		assertConverges();
		vmapi.malformNextPages(2);
		synchronizer.resync();
		Vm silent = vm(OWNER_A, VmState.RUNNING);
		vmapi.putVmSilently(silent);
		await(() -> synchronizer.resyncCount() >= 2, Duration.ofSeconds(10), () -> "resync after malformed pages");
		assertConverges();
		assertThat(inventory.vm(silent.uuid())).isPresent();
	}

	@Test
	void aVmWithAnInvalidOwnerIsSkippedAndTheRestIsKept() {
		addVms(6);
		vmapi.putRawListedVm("{\"uuid\":\"ffffffff-0000-4000-8000-000000000009\",\"owner_uuid\":\"not-a-uuid\","
				+ "\"state\":\"running\",\"a_field_from_the_future\":{\"x\":1}}");
		startSync(2);
		assertConverges();
		assertThat(inventory.vmCount()).isEqualTo(6);
		assertThat(inventory.vm(UUID.fromString("ffffffff-0000-4000-8000-000000000009"))).isEmpty();
	}

	static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out after " + timeout + ": " + message.get());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
