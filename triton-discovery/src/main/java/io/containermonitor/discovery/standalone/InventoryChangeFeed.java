package io.containermonitor.discovery.standalone;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.containermonitor.core.inventory.InventoryListener;
import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher;
import io.containermonitor.core.triton.changefeed.ChangeFeedResource;
import io.containermonitor.core.triton.changefeed.ChangeItem;
import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.Vm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes every inventory change as VMAPI would: one change item per changed VM, whose
 * sub-resources are the top-level fields that differ (every present field for a new VM), and
 * for a removed VM an item with {@code state}, {@code zone_state} and {@code destroyed} and the
 * VM as destroyed. Runs in the inventory's callbacks; publishing never blocks.
 */
class InventoryChangeFeed implements InventoryListener {

	private final ChangeFeedPublisher publisher;

	private final Clock clock;

	InventoryChangeFeed(ChangeFeedPublisher publisher, Clock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	@Override
	public void vmChanged(Vm previous, Vm current) {
		ObjectNode now = VmJson.write(current);
		List<String> changed = previous == null ? presentFields(now) : changedFields(VmJson.write(previous), now);
		if (!changed.isEmpty()) {
			publish(current, changed, now);
		}
	}

	@Override
	public void vmRemoved(Vm previous) {
		Vm destroyed = VmListing.destroyed(previous, clock.instant());
		publish(destroyed, List.of("state", "zone_state", "destroyed"), VmJson.write(destroyed));
	}

	private void publish(Vm vm, List<String> subResources, JsonNode resourceObject) {
		publisher.publish(new ChangeItem(ChangeFeedResource.VMAPI_VM.resource(), subResources, vm.uuid().toString(),
				resourceObject, Long.toString(clock.millis())));
	}

	/** VMAPI diffs VMs with unset fields dropped: a new VM's item names every field it has. */
	private static List<String> presentFields(ObjectNode vm) {
		List<String> fields = new ArrayList<>();
		vm.properties().forEach(e -> {
			if (!e.getValue().isNull()) {
				fields.add(e.getKey());
			}
		});
		return fields;
	}

	private static List<String> changedFields(ObjectNode before, ObjectNode after) {
		Set<String> names = new LinkedHashSet<>();
		before.propertyNames().forEach(names::add);
		after.propertyNames().forEach(names::add);
		List<String> changed = new ArrayList<>();
		for (String name : names) {
			if (!Objects.equals(before.get(name), after.get(name))) {
				changed.add(name);
			}
		}
		return changed;
	}

}
