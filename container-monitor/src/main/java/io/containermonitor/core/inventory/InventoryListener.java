package io.containermonitor.core.inventory;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;

/**
 * Told of every change to the {@link Inventory}, in order, on the thread that made
 * it. Implementations must be quick (mark something dirty, enqueue): they run
 * while the inventory holds its write lock.
 */
public interface InventoryListener {

	/** A VM appeared or changed; {@code previous} is null when it is new. */
	default void vmChanged(Vm previous, Vm current) {
	}

	/** A VM left the inventory (destroyed, failed, or not found on resync). */
	default void vmRemoved(Vm previous) {
	}

	/** A compute node appeared or changed; {@code previous} is null when it is new. */
	default void serverChanged(Server previous, Server current) {
	}

	default void serverRemoved(Server previous) {
	}

	/** A full resync with the source of truth finished; the inventory now matches it. */
	default void resynced() {
	}

}
