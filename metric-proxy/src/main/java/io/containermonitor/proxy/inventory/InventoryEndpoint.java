package io.containermonitor.proxy.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.proxy.authz.ScrapeAuthorization;
import io.containermonitor.proxy.route.ScrapeTarget;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/inventory} (not exposed unless listed in
 * {@code management.endpoints.web.exposure.include}): what this replica would route, as the
 * scrape path decides it ({@link ScrapeAuthorization}, for the VM's own owner). Without
 * parameters, the counts and the change feed's state; {@code ?uuids=a,b} adds each VM's agent
 * URL (null: not routable); {@code ?routes=true} adds every routable VM's. For operators
 * checking a replica against VMAPI, and for bench/datacenter.
 */
@Component
@Endpoint(id = "inventory")
public class InventoryEndpoint {

	private static final String LOGIN = "inventory-endpoint";

	private final Inventory inventory;

	private final ScrapeAuthorization authorization;

	private final ObjectProvider<InventorySynchronizer> synchronizer;

	private final ObjectProvider<ChangeFeedListener> changeFeed;

	InventoryEndpoint(Inventory inventory, ScrapeAuthorization authorization,
			ObjectProvider<InventorySynchronizer> synchronizer, ObjectProvider<ChangeFeedListener> changeFeed) {
		this.inventory = inventory;
		this.authorization = authorization;
		this.synchronizer = synchronizer;
		this.changeFeed = changeFeed;
	}

	@ReadOperation
	public Map<String, Object> inventory(@Nullable String uuids, @Nullable Boolean routes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("vms", inventory.vmCount());
		body.put("servers", inventory.serverCount());
		InventorySynchronizer sync = synchronizer.getIfAvailable();
		if (sync != null) {
			body.put("settled", sync.isSettled());
			body.put("resyncs", sync.resyncCount());
			body.put("lastResync", sync.lastResync());
		}
		ChangeFeedListener feed = changeFeed.getIfAvailable();
		if (feed != null) {
			body.put("changeFeedConnected", feed.isConnected());
			body.put("changeFeedConnects", feed.connectCount());
			body.put("changeFeedItems", feed.itemCount());
		}
		if (uuids != null && !uuids.isBlank()) {
			Map<String, String> asked = new LinkedHashMap<>();
			for (String text : uuids.split(",")) {
				String trimmed = text.trim();
				asked.put(trimmed, TritonUuid.parseLenient(trimmed).map(this::route).orElse(null));
			}
			body.put("routes", asked);
		}
		else if (Boolean.TRUE.equals(routes)) {
			Map<String, String> all = new LinkedHashMap<>();
			for (Vm vm : inventory.vms()) {
				String route = route(vm.uuid());
				if (route != null) {
					all.put(vm.uuid().toString(), route);
				}
			}
			body.put("routes", all);
		}
		return body;
	}

	/** Where a scrape of the VM by its owner goes, or null. */
	private @Nullable String route(UUID uuid) {
		return inventory.vm(uuid)
			.flatMap(vm -> authorization.resolve(new Account(vm.ownerUuid(), LOGIN, false), uuid))
			.map(ScrapeTarget::agentUrl)
			.map(Object::toString)
			.orElse(null);
	}

}
