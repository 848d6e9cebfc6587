package io.containermonitor.core.inventory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;

/**
 * The in-memory view of the cloud's VMs and compute nodes that every service
 * reads: routed, authorised, discovered and named by. Reads are lock-free and
 * cheap (a hash look-up, or the owner's own VMs: never a full scan); writes are
 * serialised so that listeners see changes in the order they were made.
 *
 * <p>Only VMs that are not gone (destroyed or failed) are held.
 */
public class Inventory {

	private final Map<UUID, Vm> vms = new ConcurrentHashMap<>();

	private final Map<UUID, Map<UUID, Vm>> vmsByOwner = new ConcurrentHashMap<>();

	private final Map<UUID, Server> servers = new ConcurrentHashMap<>();

	private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();

	private final Object writeLock = new Object();

	public Optional<Vm> vm(UUID uuid) {
		return Optional.ofNullable(vms.get(uuid));
	}

	public Optional<Server> server(UUID uuid) {
		return Optional.ofNullable(servers.get(uuid));
	}

	/** The VMs an account owns, in no particular order; empty for an unknown account. */
	public Collection<Vm> vmsOwnedBy(UUID owner) {
		Map<UUID, Vm> owned = vmsByOwner.get(owner);
		return owned == null ? List.of() : List.copyOf(owned.values());
	}

	public Collection<Vm> vms() {
		return List.copyOf(vms.values());
	}

	public Collection<Server> servers() {
		return List.copyOf(servers.values());
	}

	public int vmCount() {
		return vms.size();
	}

	public int serverCount() {
		return servers.size();
	}

	public void addListener(InventoryListener listener) {
		listeners.add(Objects.requireNonNull(listener));
	}

	public void removeListener(InventoryListener listener) {
		listeners.remove(listener);
	}

	/** Adds or replaces a VM; a gone VM (destroyed, failed) is removed instead. */
	public void putVm(Vm vm) {
		if (vm.isGone()) {
			removeVm(vm.uuid());
			return;
		}
		synchronized (writeLock) {
			Vm previous = vms.put(vm.uuid(), vm);
			if (previous != null && !previous.ownerUuid().equals(vm.ownerUuid())) {
				unindexOwner(previous);
			}
			vmsByOwner.computeIfAbsent(vm.ownerUuid(), k -> new ConcurrentHashMap<>()).put(vm.uuid(), vm);
			if (!vm.equals(previous)) {
				listeners.forEach(l -> l.vmChanged(previous, vm));
			}
		}
	}

	public void removeVm(UUID uuid) {
		synchronized (writeLock) {
			Vm previous = vms.remove(uuid);
			if (previous != null) {
				unindexOwner(previous);
				listeners.forEach(l -> l.vmRemoved(previous));
			}
		}
	}

	/**
	 * Makes the VMs exactly {@code current} (a full listing): adds and updates
	 * what it holds, removes what it does not. Listeners hear each difference,
	 * then {@link InventoryListener#resynced()}.
	 */
	public void replaceVms(Collection<Vm> current) {
		synchronized (writeLock) {
			Set<UUID> keep = new HashSet<>();
			for (Vm vm : current) {
				if (!vm.isGone()) {
					keep.add(vm.uuid());
					putVm(vm);
				}
			}
			for (UUID uuid : List.copyOf(vms.keySet())) {
				if (!keep.contains(uuid)) {
					removeVm(uuid);
				}
			}
			listeners.forEach(InventoryListener::resynced);
		}
	}

	public void putServer(Server server) {
		synchronized (writeLock) {
			Server previous = servers.put(server.uuid(), server);
			if (!server.equals(previous)) {
				listeners.forEach(l -> l.serverChanged(previous, server));
			}
		}
	}

	public void removeServer(UUID uuid) {
		synchronized (writeLock) {
			Server previous = servers.remove(uuid);
			if (previous != null) {
				listeners.forEach(l -> l.serverRemoved(previous));
			}
		}
	}

	/** Makes the compute nodes exactly {@code current} (a full CNAPI listing). */
	public void replaceServers(Collection<Server> current) {
		synchronized (writeLock) {
			Set<UUID> keep = new HashSet<>();
			for (Server server : current) {
				keep.add(server.uuid());
				putServer(server);
			}
			for (UUID uuid : List.copyOf(servers.keySet())) {
				if (!keep.contains(uuid)) {
					removeServer(uuid);
				}
			}
		}
	}

	private void unindexOwner(Vm vm) {
		vmsByOwner.computeIfPresent(vm.ownerUuid(), (owner, owned) -> {
			owned.remove(vm.uuid());
			return owned.isEmpty() ? null : owned;
		});
	}

}
