package io.containermonitor.discovery.web;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.VmOrder;

/**
 * What Prometheus may discover: an account's own VMs (from the inventory's owner index, never a
 * full scan), and, for operators only, the compute nodes.
 */
public class ContainerDiscovery {

	private final Inventory inventory;

	private final boolean includeStopped;

	public ContainerDiscovery(Inventory inventory, boolean includeStopped) {
		this.inventory = inventory;
		this.includeStopped = includeStopped;
	}

	/** The caller's discoverable VMs, ordered by uuid, that match {@code groups} when given. */
	public List<Vm> containers(Account caller, Optional<GroupsFilter> groups) {
		return inventory.vmsOwnedBy(caller.uuid())
			.stream()
			.filter(this::discoverable)
			.filter(vm -> groups.map(g -> g.matches(vm, caller.login())).orElse(true))
			.sorted(VmOrder.BY_UUID)
			.toList();
	}

	/**
	 * Every known compute node, for operators. CMON lists them to any account; we do not, since
	 * node names and counts are the operator's business (403 for everyone else).
	 */
	public List<Server> computeNodes(Account caller) {
		if (!caller.operator()) {
			throw ApiException.forbidden("compute-node discovery is for operators only");
		}
		return inventory.servers().stream().sorted(Comparator.comparing(Server::uuid, VmOrder.UUID_TEXT)).toList();
	}

	/**
	 * Running VMs (stopped too when configured) that have a compute node; never NAT zones. CMON
	 * skips a VM without {@code server_uuid} when it caches it, so it never shows up here either.
	 */
	boolean discoverable(Vm vm) {
		boolean wantedState = vm.state() == VmState.RUNNING || (includeStopped && vm.state() == VmState.STOPPED);
		return wantedState && vm.serverUuid() != null && !vm.isNatZone();
	}

}
