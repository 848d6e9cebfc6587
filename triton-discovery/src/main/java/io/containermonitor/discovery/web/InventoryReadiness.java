package io.containermonitor.discovery.web;

import java.util.function.BooleanSupplier;

/**
 * Whether the inventory has been loaded once since start (Triton mode: the first full VMAPI
 * listing; standalone: agents had one heartbeat interval to re-register). Until then discovery
 * answers 503 with a plain-text body: Prometheus keeps its previous targets on a body it cannot
 * parse as JSON, whereas a partial or empty JSON list would make it drop them (spec
 * cmon-proxy.md §8.3). Once ready, stays ready.
 */
public class InventoryReadiness {

	private final BooleanSupplier loaded;

	private volatile boolean ready;

	public InventoryReadiness(BooleanSupplier loaded) {
		this.loaded = loaded;
	}

	public boolean isReady() {
		if (!ready && loaded.getAsBoolean()) {
			ready = true;
		}
		return ready;
	}

	/** Throws {@link InventoryNotReadyException} until ready. */
	void check() {
		if (!isReady()) {
			throw new InventoryNotReadyException();
		}
	}

}
