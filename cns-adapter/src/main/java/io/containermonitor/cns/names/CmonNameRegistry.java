package io.containermonitor.cns.names;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventoryListener;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;

/**
 * The UUIDs that should have a CMON name, following the {@link Inventory}: eligible
 * VMs and every compute node. Publishers take a {@link #snapshot()} when told of a
 * change and diff it against what they published, or {@link #track()} the UUIDs that
 * changed and look only at those, so duplicate and reordered inventory events cost
 * nothing.
 *
 * <p>Thread-safe. Inventory callbacks only update two sets and wake the publishers.
 * Readiness: the first full VM listing (see {@link #isReady()}), so a restart never
 * publishes a partial zone.
 */
public class CmonNameRegistry implements InventoryListener {

	private final CmonEligibility eligibility;

	private final Set<UUID> vms = ConcurrentHashMap.newKeySet();

	private final Set<UUID> servers = ConcurrentHashMap.newKeySet();

	private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

	private final List<NameChanges> trackers = new CopyOnWriteArrayList<>();

	private final Duration awaitServers;

	private final Clock clock;

	private volatile boolean vmsListed;

	private volatile boolean serversSeen;

	private volatile Instant listedAt;

	private volatile ScheduledExecutorService timer;

	public CmonNameRegistry(CmonEligibility eligibility, boolean awaitResync) {
		this(eligibility, awaitResync, Duration.ZERO, Clock.systemUTC());
	}

	/**
	 * @param awaitResync wait for the inventory's first full VM listing before being ready
	 * @param awaitServers after that listing, wait up to this long for the first compute
	 * node too (CNAPI is polled apart from VMAPI; without this a restart would drop the
	 * nodes' names until the next poll); zero not to wait
	 */
	public CmonNameRegistry(CmonEligibility eligibility, boolean awaitResync, Duration awaitServers, Clock clock) {
		this.eligibility = eligibility;
		this.vmsListed = !awaitResync;
		this.awaitServers = awaitServers;
		this.clock = clock;
		this.listedAt = awaitResync ? null : clock.instant();
		this.serversSeen = awaitServers.isZero();
		if (vmsListed) {
			awaitServers();
		}
	}

	/** Takes in what the inventory already holds, then follows its changes. */
	public void follow(Inventory inventory) {
		inventory.addListener(this);
		inventory.vms().forEach(vm -> vmChanged(null, vm));
		inventory.servers().forEach(server -> serverChanged(null, server));
	}

	/** {@code listener} runs (quickly, on the inventory's thread) after every change. */
	public void onChange(Runnable listener) {
		changeListeners.add(listener);
	}

	/**
	 * Whether the inventory has been fully listed once (and a compute node seen, or the
	 * wait for one is over), so an absent name really is gone.
	 */
	public boolean isReady() {
		Instant listed = listedAt;
		return vmsListed && (serversSeen || !clock.instant().isBefore(listed.plus(awaitServers)));
	}

	/** Stops the timer that ends the wait for compute nodes. */
	public void close() {
		ScheduledExecutorService running = timer;
		if (running != null) {
			running.shutdownNow();
		}
	}

	/**
	 * A record of the UUIDs that gain or lose their name from now on; the caller drains it
	 * (and takes a {@link #snapshot()} first, for what is there already).
	 */
	public NameChanges track() {
		NameChanges changes = new NameChanges();
		trackers.add(changes);
		return changes;
	}

	/** Whether {@code uuid} should have a name now. */
	public boolean contains(UUID uuid) {
		return vms.contains(uuid) || servers.contains(uuid);
	}

	/** How many names there should be now. */
	public int size() {
		return vms.size() + servers.size();
	}

	/** Every UUID that should have a name now. */
	public Set<UUID> snapshot() {
		Set<UUID> all = new HashSet<>(vms.size() + servers.size());
		all.addAll(vms);
		all.addAll(servers);
		return all;
	}

	@Override
	public void vmChanged(Vm previous, Vm current) {
		boolean changed = eligibility.isEligible(current) ? vms.add(current.uuid()) : vms.remove(current.uuid());
		if (changed) {
			changed(current.uuid());
		}
	}

	@Override
	public void vmRemoved(Vm previous) {
		if (vms.remove(previous.uuid())) {
			changed(previous.uuid());
		}
	}

	@Override
	public void serverChanged(Server previous, Server current) {
		boolean first = !serversSeen;
		serversSeen = true;
		if (servers.add(current.uuid())) {
			changed(current.uuid());
		}
		else if (first) {
			changed();
		}
	}

	@Override
	public void serverRemoved(Server previous) {
		if (servers.remove(previous.uuid())) {
			changed(previous.uuid());
		}
	}

	@Override
	public void resynced() {
		if (!vmsListed) {
			listedAt = clock.instant();
			vmsListed = true;
			awaitServers();
		}
		changed();
	}

	/** Tells the publishers when the wait for the first compute node is over. */
	private void awaitServers() {
		if (serversSeen) {
			return;
		}
		ScheduledExecutorService once = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "cns-await-servers");
			thread.setDaemon(true);
			return thread;
		});
		timer = once;
		once.schedule(() -> {
			changed();
			once.shutdown();
		}, awaitServers.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void changed(UUID uuid) {
		trackers.forEach(changes -> changes.add(uuid));
		changed();
	}

	private void changed() {
		changeListeners.forEach(Runnable::run);
	}

}
