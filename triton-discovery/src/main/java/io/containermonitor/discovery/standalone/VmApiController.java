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
		Collection<Vm> candidates = candidates(query);
		int count = 0;
		ArrayNode page = JsonNodeFactory.instance.arrayNode();
		int skip = query.offset();
		for (Vm vm : candidates) {
			if (!filter.test(vm)) {
				continue;
			}
			count++;
			if (query.marker() != null && !afterMarker(vm, query)) {
				continue;
			}
			if (skip > 0) {
				skip--;
				continue;
			}
			if (page.size() < query.limit()) {
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
	 * The VMs to filter, in the query's order: one VM for a {@code uuid} filter (CMON re-reads
	 * each changed VM that way), an owner's live VMs from the inventory's owner index when
	 * destroyed ones cannot match, else the whole listing.
	 */
	private Collection<Vm> candidates(VmListQuery query) {
		if (query.uuid() != null) {
			return listing.vm(query.uuid()).map(List::of).orElse(List.of());
		}
		if (query.owner() != null && !query.mayIncludeDestroyed()) {
			Collection<Vm> owned = inventory.vmsOwnedBy(query.owner());
			return owned.stream().sorted(query.descending() ? VmOrder.BY_UUID.reversed() : VmOrder.BY_UUID).toList();
		}
		NavigableMap<String, Vm> all = query.descending() ? listing.all().descendingMap() : listing.all();
		return all.values();
	}

	private static boolean afterMarker(Vm vm, VmListQuery query) {
		int cmp = vm.uuid().toString().compareTo(query.marker());
		return query.descending() ? cmp < 0 : cmp > 0;
	}

}
