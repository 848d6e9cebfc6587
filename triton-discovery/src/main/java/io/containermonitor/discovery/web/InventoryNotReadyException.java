package io.containermonitor.discovery.web;

/** Discovery asked for before the inventory was first loaded; see {@link InventoryReadiness}. */
class InventoryNotReadyException extends RuntimeException {

	InventoryNotReadyException() {
		super("the inventory is still loading; try again shortly");
	}

}
