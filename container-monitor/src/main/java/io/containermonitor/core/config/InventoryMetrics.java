package io.containermonitor.core.config;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;
import io.containermonitor.core.triton.vmapi.VmapiClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The inventory's own health, in base units: size, feed state, lag, reconnects, resyncs, skips. */
class InventoryMetrics implements MeterBinder {

	private final Inventory inventory;

	private final ChangeFeedListener listener;

	private final InventorySynchronizer synchronizer;

	private final VmapiClient vmapi;

	InventoryMetrics(Inventory inventory, ChangeFeedListener listener, InventorySynchronizer synchronizer,
			VmapiClient vmapi) {
		this.inventory = inventory;
		this.listener = listener;
		this.synchronizer = synchronizer;
		this.vmapi = vmapi;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("cmon.inventory.vms", inventory, Inventory::vmCount)
			.description("VMs in the inventory (neither destroyed nor failed)")
			.register(registry);
		Gauge.builder("cmon.inventory.servers", inventory, Inventory::serverCount)
			.description("Compute nodes in the inventory")
			.register(registry);
		Gauge.builder("cmon.changefeed.connected", listener, l -> l.isConnected() ? 1 : 0)
			.description("1 while the change feed is bootstrapped and alive")
			.register(registry);
		Gauge.builder("cmon.changefeed.lag", listener, l -> l.lastItemLag().toNanos() / 1e9)
			.description("Seconds from the publisher's stamp on the last change item to its arrival")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("cmon.changefeed.connects", listener, ChangeFeedListener::connectCount)
			.description("Change-feed bootstraps; every one after the first is a reconnect")
			.register(registry);
		FunctionCounter.builder("cmon.changefeed.items", listener, ChangeFeedListener::itemCount)
			.description("Change items received")
			.register(registry);
		FunctionCounter.builder("cmon.changefeed.malformed.frames", listener, ChangeFeedListener::malformedFrameCount)
			.description("Change-feed frames skipped because they were not valid items")
			.register(registry);
		FunctionCounter.builder("cmon.inventory.resyncs", synchronizer, InventorySynchronizer::resyncCount)
			.description("Full VMAPI listings applied to the inventory")
			.register(registry);
		FunctionCounter.builder("cmon.inventory.failed.reads", synchronizer, InventorySynchronizer::failedReadCount)
			.description("VM re-reads that failed after retries (repaired by the next reconciliation)")
			.register(registry);
		FunctionCounter.builder("cmon.inventory.invalid.vms", vmapi, VmapiClient::invalidVmCount)
			.description("VMs skipped because VMAPI described them with invalid fields")
			.register(registry);
	}

}
