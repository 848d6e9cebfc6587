package io.containermonitor.discovery.standalone;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.discovery.VmOrder;
import io.containermonitor.discovery.web.ApiException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CNAPI's read API as the registry serves it: {@code GET /servers} (CMON pages it with
 * {@code limit} and {@code offset}; {@code uuids}, {@code hostname} and {@code setup} filter)
 * and {@code GET /servers/:uuid}. Other CNAPI parameters ({@code extras}) are accepted:
 * sysinfo is always included.
 */
@RestController
@ConditionalOnRegistry
class ServerApiController {

	static final int DEFAULT_LIMIT = 1000;

	private final Inventory inventory;

	private final RegisteredServerJson json;

	ServerApiController(Inventory inventory, RegisteredServerJson json) {
		this.inventory = inventory;
		this.json = json;
	}

	@GetMapping(path = "/servers", produces = MediaType.APPLICATION_JSON_VALUE)
	ArrayNode list(@RequestParam MultiValueMap<String, String> params) {
		int limit = number(params.getFirst("limit"), "limit", DEFAULT_LIMIT);
		int offset = number(params.getFirst("offset"), "offset", 0);
		String uuidsParam = params.getFirst("uuids");
		Set<String> uuids = uuidsParam == null ? null
				: Arrays.stream(uuidsParam.split(",")).map(String::trim).collect(Collectors.toSet());
		String hostname = params.getFirst("hostname");
		boolean setupOnly = !"false".equals(params.getFirst("setup"));
		List<Server> servers = inventory.servers()
			.stream()
			.filter(s -> setupOnly)
			.filter(s -> uuids == null || uuids.contains(s.uuid().toString()))
			.filter(s -> hostname == null || hostname.equals(s.hostname()))
			.sorted(Comparator.comparing(Server::uuid, VmOrder.UUID_TEXT))
			.skip(offset)
			.limit(limit)
			.toList();
		ArrayNode body = JsonNodeFactory.instance.arrayNode();
		servers.forEach(server -> body.add(json.write(server)));
		return body;
	}

	@GetMapping(path = "/servers/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode get(@PathVariable String uuid) {
		return TritonUuid.parseLenient(uuid)
			.flatMap(inventory::server)
			.map(json::write)
			.orElseThrow(() -> ApiException.notFound("server " + uuid + " not found"));
	}

	private static int number(String text, String name, int absent) {
		if (text == null) {
			return absent;
		}
		try {
			int value = Integer.parseInt(text);
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw ApiException.invalidArgument(name + " must be a non-negative integer, not '" + text + "'");
	}

}
