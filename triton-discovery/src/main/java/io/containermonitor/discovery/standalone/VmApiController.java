package io.containermonitor.discovery.standalone;

import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.function.Predicate;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.discovery.VmOrder;
import io.containermonitor.discovery.web.ApiException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * VMAPI's read API as the registry serves it, so metric-proxy and cns-adapter use one client
 * in both modes: {@code GET /vms} (filters, marker paging, uuid DESC by default,
 * {@code x-joyent-resource-count}) and {@code GET /vms/:uuid}.
 */
@RestController
@ConditionalOnRegistry
class VmApiController {

	static final String RESOURCE_COUNT_HEADER = "x-joyent-resource-count";

	private final Inventory inventory;

	private final VmListing listing;

	private final ObjectMapper mapper;

	VmApiController(Inventory inventory, VmListing listing, ObjectMapper mapper) {
		this.inventory = inventory;
		this.listing = listing;
		this.mapper = mapper;
	}

	@GetMapping(path = "/vms", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ArrayNode> list(ServerHttpRequest request) {
		VmListQuery query = VmListQuery.parse(request.getQueryParams(), mapper);
		Predicate<Vm> filter = query.filter().and(listing::current);
		ArrayNode page = JsonNodeFactory.instance.arrayNode();
		if (query.uuid() != null || query.uuids() != null
				|| (query.owner() != null && !query.mayIncludeDestroyed())) {
			int count = 0;
			int skip = query.offset();
			for (Vm vm : candidates(query)) {
				if (!filter.test(vm)) {
					continue;
				}
				count++;
				if (query.marker() != null && !afterMarker(vm, query)) {
					continue;
				}
				if (skip > 0) {
					skip--;
				}
				else if (page.size() < query.limit()) {
					page.add(VmJson.write(vm));
				}
			}
			return ResponseEntity.ok().header(RESOURCE_COUNT_HEADER, Integer.toString(count)).body(page);
		}
		// The whole listing: the page starts at the marker in the sorted map (a listener pages
		// 100,000 VMs in 100 pages; scanning them all for each page made that quadratic), and the
		// count is one pass of the filter alone.
		NavigableMap<String, Vm> all = listing.all();
		int count = 0;
		for (Vm vm : all.values()) {
			if (filter.test(vm)) {
				count++;
			}
		}
		NavigableMap<String, Vm> from = all;
		if (query.marker() != null) {
			from = query.descending() ? all.headMap(query.marker(), false) : all.tailMap(query.marker(), false);
		}
		int skip = query.offset();
		for (Vm vm : (query.descending() ? from.descendingMap() : from).values()) {
			if (page.size() >= query.limit()) {
				break;
			}
			if (!filter.test(vm)) {
				continue;
			}
			if (skip > 0) {
				skip--;
			}
			else {
				page.add(VmJson.write(vm));
			}
		}
		return ResponseEntity.ok().header(RESOURCE_COUNT_HEADER, Integer.toString(count)).body(page);
	}

	@GetMapping(path = "/vms/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode get(@PathVariable String uuid) {
		return TritonUuid.parseLenient(uuid)
			.flatMap(listing::vm)
			.map(VmJson::write)
			.orElseThrow(() -> ApiException.notFound("VM not found"));
	}

	/**
	 * The VMs to filter, in the query's order: one VM for a {@code uuid} filter, the listed ones
	 * for {@code uuids} (CMON re-reads a burst of changed VMs that way), else an owner's live VMs
	 * from the inventory's owner index (destroyed ones cannot match).
	 */
	private Collection<Vm> candidates(VmListQuery query) {
		if (query.uuid() != null) {
			return listing.vm(query.uuid()).map(List::of).orElse(List.of());
		}
		if (query.uuids() != null) {
			return query.uuids()
				.stream()
				.map(listing::vm)
				.flatMap(java.util.Optional::stream)
				.sorted(query.descending() ? VmOrder.BY_UUID.reversed() : VmOrder.BY_UUID)
				.toList();
		}
		Collection<Vm> owned = inventory.vmsOwnedBy(query.owner());
		return owned.stream().sorted(query.descending() ? VmOrder.BY_UUID.reversed() : VmOrder.BY_UUID).toList();
	}

	private static boolean afterMarker(Vm vm, VmListQuery query) {
		int cmp = vm.uuid().toString().compareTo(query.marker());
		return query.descending() ? cmp < 0 : cmp > 0;
	}

}
