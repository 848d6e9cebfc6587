package io.containermonitor.discovery.web;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventoryListener;
import io.containermonitor.core.vm.Vm;

/**
 * When each VM's record last changed in the inventory: CMON's {@code cached_date}, which
 * discovery reports beside each container.
 */
public class CacheDates implements InventoryListener {

	private final Map<UUID, Long> cachedMillis = new ConcurrentHashMap<>();

	private final Clock clock;

	public CacheDates(Inventory inventory, Clock clock) {
		this.clock = clock;
		inventory.addListener(this);
	}

	/** Epoch milliseconds of the VM's last change; now for a VM cached before this started listening. */
	public long cachedDate(UUID vm) {
		Long millis = cachedMillis.get(vm);
		return millis == null ? clock.millis() : millis;
	}

	@Override
	public void vmChanged(Vm previous, Vm current) {
		cachedMillis.put(current.uuid(), clock.millis());
	}

	@Override
	public void vmRemoved(Vm previous) {
		cachedMillis.remove(previous.uuid());
	}

}
