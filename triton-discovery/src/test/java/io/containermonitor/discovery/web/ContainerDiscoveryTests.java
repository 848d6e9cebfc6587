package io.containermonitor.discovery.web;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerDiscoveryTests {

	private final Inventory inventory = new Inventory();

	private final UUID owner = UUID.randomUUID();

	private final UUID node = UUID.randomUUID();

	private final Account caller = new Account(owner, "alice", false);

	private final Vm running = TestVms.running(owner, node, "running");

	private final Vm stopped = TestVms.vm(owner, node, "stopped", VmState.STOPPED);

	ContainerDiscoveryTests() {
		inventory.putVm(running);
		inventory.putVm(stopped);
		inventory.putVm(TestVms.vm(owner, node, "provisioning", VmState.PROVISIONING));
		inventory.putVm(TestVms.vm(owner, node, "unknown", VmState.UNKNOWN));
		inventory.putVm(TestVms.running(owner, node, "nat", Vm.SMARTDC_ROLE_TAG + "=nat"));
		inventory.putVm(TestVms.running(owner, null, "unallocated"));
		inventory.putServer(new Server(node, "cn1", "10.0.0.1", 9163, ServerStatus.RUNNING, true));
	}

	@Test
	void runningOnlyByDefault() {
		assertThat(new ContainerDiscovery(inventory, false).containers(caller, Optional.empty()))
			.containsExactly(running);
	}

	@Test
	void stoppedTooWhenConfigured() {
		assertThat(new ContainerDiscovery(inventory, true).containers(caller, Optional.empty()))
			.containsExactlyInAnyOrder(running, stopped);
	}

	@Test
	void orderedByUuidText() {
		for (int i = 0; i < 50; i++) {
			inventory.putVm(TestVms.running(owner, node, "more" + i));
		}
		List<Vm> vms = new ContainerDiscovery(inventory, false).containers(caller, Optional.empty());
		assertThat(vms).extracting(vm -> vm.uuid().toString()).isSorted();
	}

	@Test
	void computeNodesForOperatorsOnly() {
		ContainerDiscovery discovery = new ContainerDiscovery(inventory, false);
		assertThat(discovery.computeNodes(new Account(UUID.randomUUID(), "admin", true)))
			.extracting(Server::uuid)
			.containsExactly(node);
		assertThatThrownBy(() -> discovery.computeNodes(caller)).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.status()).isEqualTo(HttpStatus.FORBIDDEN));
	}

}
