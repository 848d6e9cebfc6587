package io.containermonitor.discovery.web;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CMON's discovery endpoints, which Prometheus' {@code triton_sd_config} reads: role
 * {@code container} ({@code /v1/discover}) and role {@code cn} ({@code /v1/gz/discover}).
 */
@RestController
class DiscoverController {

	/** Where a record came from; CMON says Bootstrapper or Changefeed, we keep one inventory. */
	static final String SOURCE = "Inventory";

	private final ContainerDiscovery discovery;

	private final InventoryReadiness readiness;

	private final CacheDates cacheDates;

	private final JsonMapper json;

	DiscoverController(ContainerDiscovery discovery, InventoryReadiness readiness, CacheDates cacheDates,
			JsonMapper json) {
		this.discovery = discovery;
		this.readiness = readiness;
		this.cacheDates = cacheDates;
		this.json = json;
	}

	/** Written straight to bytes, without a JSON tree: an account may have 10,000 VMs. */
	@GetMapping(path = "/v1/discover", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> containers(Account caller, ServerHttpRequest request) {
		readiness.check();
		Optional<GroupsFilter> groups = GroupsFilter.parse(request.getQueryParams().get("groups"));
		List<Vm> vms = discovery.containers(caller, groups);
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + vms.size() * 448);
		try (JsonGenerator generator = json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeName("containers");
			generator.writeStartArray();
			for (Vm vm : vms) {
				writeContainer(generator, vm);
			}
			generator.writeEndArray();
			generator.writeEndObject();
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out.toByteArray());
	}

	@GetMapping(path = "/v1/gz/discover", produces = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode computeNodes(Account caller) {
		readiness.check();
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		ArrayNode cns = body.putArray("cns");
		for (Server server : discovery.computeNodes(caller)) {
			ObjectNode cn = cns.addObject();
			cn.put("server_uuid", server.uuid().toString());
			if (server.hostname() != null) {
				cn.put("server_hostname", server.hostname());
			}
		}
		return body;
	}

	/** CMON's cached record (spec: cmon-proxy.md §2.4), field for field; absent values omitted. */
	private void writeContainer(JsonGenerator generator, Vm vm) {
		generator.writeStartObject();
		generator.writeName("groups");
		generator.writeStartArray();
		for (String group : vm.groups()) {
			generator.writeString(group);
		}
		generator.writeEndArray();
		generator.writeBooleanProperty("has_core_tag", vm.hasCoreTag());
		Optional<String> mantaRole = vm.tag(Vm.MANTA_ROLE_TAG);
		if (mantaRole.isPresent()) {
			generator.writeStringProperty("manta_group", mantaRole.get());
		}
		generator.writeStringProperty("server_uuid", vm.serverUuid().toString());
		generator.writeStringProperty("source", SOURCE);
		if (vm.alias() != null) {
			generator.writeStringProperty("vm_alias", vm.alias());
		}
		if (vm.brand() != null) {
			generator.writeStringProperty("vm_brand", vm.brand());
		}
		if (vm.imageUuid() != null) {
			generator.writeStringProperty("vm_image_uuid", vm.imageUuid().toString());
		}
		generator.writeStringProperty("vm_owner_uuid", vm.ownerUuid().toString());
		generator.writeStringProperty("vm_uuid", vm.uuid().toString());
		generator.writeStringProperty("vm_state", vm.state().wireName());
		generator.writeNumberProperty("cached_date", cacheDates.cachedDate(vm.uuid()));
		generator.writeEndObject();
	}

}
