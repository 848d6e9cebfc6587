package io.containermonitor.discovery.standalone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventoryListener;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/**
 * The VMs in VMAPI's listing order (by the uuid's text, which is what VMAPI sorts), plus VMs
 * removed within the retention period as {@code state: destroyed}: VMAPI keeps destroyed VMs,
 * and change-feed listeners re-read a VM after its destroy item.
 *
 * <p>Kept by inventory callbacks, which the inventory serialises; reads are lock-free.
 */
class VmListing implements InventoryListener {

	/** Bound on remembered destroyed VMs, whatever the retention. */
	static final int MAX_DESTROYED = 100_000;

	private final NavigableMap<String, Vm> byUuid = new ConcurrentSkipListMap<>();

	/** Guarded by the inventory's write lock (only touched from its callbacks). */
	private final Deque<Vm> destroyedOrder = new ArrayDeque<>();

	private final Clock clock;

	private final Duration retention;

	VmListing(Inventory inventory, Clock clock, Duration retention) {
		this.clock = clock;
		this.retention = retention;
		// Registered by the configuration, ahead of the change feed (see RegistryConfiguration).
		inventory.vms().forEach(vm -> byUuid.putIfAbsent(vm.uuid().toString(), vm));
	}

	/** Every VM, live or recently destroyed, ascending by uuid text. */
	NavigableMap<String, Vm> all() {
		return byUuid;
	}

	Optional<Vm> vm(UUID uuid) {
		return Optional.ofNullable(byUuid.get(uuid.toString())).filter(this::current);
	}

	/** False for a destroyed VM past its retention, which a read may meet before it is purged. */
	boolean current(Vm vm) {
		return vm.state() != VmState.DESTROYED || vm.lastModified().plus(retention).isAfter(clock.instant());
	}

	@Override
	public void vmChanged(Vm previous, Vm current) {
		byUuid.put(current.uuid().toString(), current);
	}

	@Override
	public void vmRemoved(Vm previous) {
		Instant now = clock.instant();
		Vm destroyed = destroyed(previous, now);
		if (retention.isZero()) {
			byUuid.remove(previous.uuid().toString());
		}
		else {
			byUuid.put(previous.uuid().toString(), destroyed);
			destroyedOrder.addLast(destroyed);
		}
		purge(now);
	}

	/** The VM as VMAPI keeps it once destroyed: {@code state: destroyed}, destroyed and modified now. */
	static Vm destroyed(Vm vm, Instant now) {
		return new Vm(vm.uuid(), vm.alias(), vm.ownerUuid(), vm.serverUuid(), VmState.DESTROYED, vm.brand(),
				vm.imageUuid(), vm.tags(), vm.createTimestamp(), vm.destroyed() == null ? now : vm.destroyed(), now);
	}

	private void purge(Instant now) {
		while (!destroyedOrder.isEmpty()) {
			Vm oldest = destroyedOrder.peekFirst();
			if (destroyedOrder.size() <= MAX_DESTROYED && oldest.lastModified().plus(retention).isAfter(now)) {
				return;
			}
			destroyedOrder.removeFirst();
			// Only if it was not re-created since.
			byUuid.remove(oldest.uuid().toString(), oldest);
		}
	}

}
