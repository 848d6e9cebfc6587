package io.containermonitor.cns;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.ZonePublisher;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;

/**
 * {@code /actuator/cns}: the mode, whether the inventory has been listed once, the
 * names it holds, per zone the serial, record count and last sync, and the change
 * feed's state when the adapter follows VMAPI.
 */
@Endpoint(id = "cns")
public class CnsEndpoint {

	private final ZonePublisher publisher;

	private final CmonNameRegistry registry;

	private final ChangeFeedListener changeFeed;

	private final InventorySynchronizer synchronizer;

	/** {@code changeFeed} and {@code synchronizer} are null when no VMAPI is configured. */
	CnsEndpoint(ZonePublisher publisher, CmonNameRegistry registry, ChangeFeedListener changeFeed,
			InventorySynchronizer synchronizer) {
		this.publisher = publisher;
		this.registry = registry;
		this.changeFeed = changeFeed;
		this.synchronizer = synchronizer;
	}

	@ReadOperation
	public Map<String, Object> cns() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("mode", publisher.mode());
		body.put("inventoryReady", registry.isReady());
		body.put("names", registry.size());
		body.put("zones", publisher.zones());
		if (changeFeed != null && synchronizer != null) {
			Map<String, Object> feed = new LinkedHashMap<>();
			feed.put("connected", changeFeed.isConnected());
			feed.put("connects", changeFeed.connectCount());
			feed.put("items", changeFeed.itemCount());
			Duration lag = changeFeed.lastItemLag();
			feed.put("lastItemLagMillis", lag == null ? null : lag.toMillis());
			feed.put("resyncs", synchronizer.resyncCount());
			feed.put("lastResync", synchronizer.lastResync());
			body.put("changeFeed", feed);
		}
		return body;
	}

}
