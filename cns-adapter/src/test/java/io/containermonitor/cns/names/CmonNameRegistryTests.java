package io.containermonitor.cns.names;

import static io.containermonitor.cns.TestVms.running;
import static io.containermonitor.cns.TestVms.server;
import static io.containermonitor.cns.TestVms.uuid;
import static io.containermonitor.cns.TestVms.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

class CmonNameRegistryTests {

	private final Inventory inventory = new Inventory();

	private CmonNameRegistry follow(CmonEligibility eligibility) {
		CmonNameRegistry registry = new CmonNameRegistry(eligibility, true);
		registry.follow(inventory);
		return registry;
	}

	@Test
	void stoppedVmsKeepTheirNamesAndDestroyedOnesLoseThem() {
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		inventory.replaceVms(List.of(running(uuid(1)), running(uuid(2))));
		inventory.putServer(server(uuid(9)));

		inventory.putVm(running(uuid(1)).withState(VmState.STOPPED));
		inventory.putVm(running(uuid(2)).withState(VmState.DESTROYED));

		assertThat(registry.snapshot()).containsExactlyInAnyOrder(uuid(1), uuid(9));
	}

	@Test
	void disabledAndNatVmsGetNoName() {
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		inventory.replaceVms(List.of(vm(uuid(1), VmState.RUNNING, Map.of("triton.cns.disable", true)),
				vm(uuid(2), VmState.RUNNING, Map.of("docker:label:triton.cns.disable", "yes")),
				vm(uuid(3), VmState.RUNNING, Map.of("triton.cns.disable", false)),
				vm(uuid(4), VmState.RUNNING, Map.of(Vm.SMARTDC_ROLE_TAG, "nat"))));

		assertThat(registry.snapshot()).containsExactly(uuid(3));
	}

	@Test
	void disablingARunningVmRemovesItsName() {
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		inventory.replaceVms(List.of(running(uuid(1))));

		inventory.putVm(vm(uuid(1), VmState.RUNNING, Map.of("triton.cns.disable", "true")));

		assertThat(registry.snapshot()).isEmpty();
	}

	@Test
	void removedComputeNodesLoseTheirNames() {
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		inventory.replaceServers(List.of(server(uuid(8)), server(uuid(9))));

		inventory.replaceServers(List.of(server(uuid(9))));

		assertThat(registry.snapshot()).containsExactly(uuid(9));
	}

	@Test
	void cnsPolicyListsEnabledOwnersPtrOverridesAndCoreServicesOnly() {
		UUID enabledOwner = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
		CmonNameRegistry registry = follow(new CnsFlagEligibility(Set.of(enabledOwner)));
		Vm ofEnabledOwner = new Vm(uuid(1), null, enabledOwner, null, VmState.STOPPED, "lx", null, Map.of(), null,
				null, null);
		inventory.replaceVms(List.of(ofEnabledOwner, running(uuid(2)),
				vm(uuid(3), VmState.RUNNING, Map.of("triton.cns.reverse_ptr", "www.example.com")),
				vm(uuid(4), VmState.RUNNING, Map.of("triton.cns.reverse_ptr", "not a name!")),
				vm(uuid(5), VmState.RUNNING, Map.of(Vm.SMARTDC_ROLE_TAG, "cmon")),
				vm(uuid(6), VmState.RUNNING, Map.of(Vm.SMARTDC_ROLE_TAG, "nat")),
				vm(uuid(7), VmState.RUNNING, Map.of(Vm.SMARTDC_ROLE_TAG, "cmon", "triton.cns.disable", true))));

		assertThat(registry.snapshot()).containsExactlyInAnyOrder(uuid(1), uuid(3), uuid(5));
	}

	@Test
	void readyOnlyAfterTheFirstFullListing() {
		AtomicInteger changes = new AtomicInteger();
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		registry.onChange(changes::incrementAndGet);

		inventory.putVm(running(uuid(1)));
		assertThat(registry.isReady()).isFalse();

		inventory.replaceVms(List.of(running(uuid(1))));
		assertThat(registry.isReady()).isTrue();
		assertThat(changes).hasValueGreaterThanOrEqualTo(2);
	}

	@Test
	void afterTheListingItWaitsForTheFirstComputeNode() {
		CmonNameRegistry registry = new CmonNameRegistry(new AllVmsEligibility(), true, Duration.ofMinutes(2),
				Clock.systemUTC());
		registry.follow(inventory);
		AtomicInteger changes = new AtomicInteger();
		registry.onChange(changes::incrementAndGet);

		inventory.replaceVms(List.of(running(uuid(1))));
		assertThat(registry.isReady()).isFalse();

		inventory.putServer(server(uuid(9)));
		assertThat(registry.isReady()).isTrue();
		assertThat(changes).hasValueGreaterThanOrEqualTo(2);
		registry.close();
	}

	@Test
	void theWaitForComputeNodesEndsAndThePublishersAreTold() {
		CmonNameRegistry registry = new CmonNameRegistry(new AllVmsEligibility(), true, Duration.ofMillis(200),
				Clock.systemUTC());
		registry.follow(inventory);
		AtomicInteger changes = new AtomicInteger();
		registry.onChange(changes::incrementAndGet);

		inventory.replaceVms(List.of(running(uuid(1))));
		int afterListing = changes.get();
		assertThat(registry.isReady()).isFalse();

		await().atMost(Duration.ofSeconds(5)).until(registry::isReady);
		await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > afterListing);
		registry.close();
	}

	@Test
	void takesInWhatTheInventoryHeldBeforeFollowing() {
		inventory.putVm(running(uuid(1)));
		inventory.putServer(server(uuid(2)));

		CmonNameRegistry registry = new CmonNameRegistry(new AllVmsEligibility(), false);
		registry.follow(inventory);

		assertThat(registry.isReady()).isTrue();
		assertThat(registry.snapshot()).containsExactlyInAnyOrder(uuid(1), uuid(2));
	}

	@Test
	void aTrackerRecordsTheNamesThatCameOrWentAndNothingForDuplicates() {
		CmonNameRegistry registry = follow(new AllVmsEligibility());
		inventory.replaceVms(List.of(running(uuid(1)), running(uuid(2))));
		NameChanges changes = registry.track();

		inventory.putVm(running(uuid(3)));
		inventory.putVm(vm(uuid(3), VmState.RUNNING, Map.of("role", "web")));
		inventory.removeVm(uuid(1));
		inventory.putServer(server(uuid(9)));

		assertThat(changes.drain()).containsExactlyInAnyOrder(uuid(1), uuid(3), uuid(9));
		assertThat(changes.drain()).isEmpty();
		assertThat(registry.contains(uuid(3))).isTrue();
		assertThat(registry.contains(uuid(1))).isFalse();
		assertThat(registry.size()).isEqualTo(3);
	}

}
