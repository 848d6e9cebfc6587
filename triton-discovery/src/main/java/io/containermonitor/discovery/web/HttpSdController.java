package io.containermonitor.discovery.web;

import java.util.Optional;

import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.discovery.DiscoveryProperties;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus HTTP SD ({@code http_sd_config}) with the targets and {@code __meta_triton_*}
 * labels Triton SD would produce, for Prometheus-compatible tools without Triton SD.
 * {@code /v1/http_sd} is role container (with the same {@code groups} filter),
 * {@code /v1/gz/http_sd} role cn (operators only).
 */
@RestController
class HttpSdController {

	private final ContainerDiscovery discovery;

	private final InventoryReadiness readiness;

	private final DiscoveryProperties.HttpSd settings;

	HttpSdController(ContainerDiscovery discovery, InventoryReadiness readiness, DiscoveryProperties properties) {
		this.discovery = discovery;
		this.readiness = readiness;
		this.settings = properties.httpSd();
	}

	@GetMapping(path = "/v1/http_sd", produces = MediaType.APPLICATION_JSON_VALUE)
	ArrayNode containers(Account caller, ServerHttpRequest request) {
		String suffix = dnsSuffix();
		readiness.check();
		Optional<GroupsFilter> groups = GroupsFilter.parse(request.getQueryParams().get("groups"));
		ArrayNode body = JsonNodeFactory.instance.arrayNode();
		for (Vm vm : discovery.containers(caller, groups)) {
			ObjectNode labels = group(body, vm.uuid() + "." + suffix + ":" + settings.port());
			labels.put("__meta_triton_machine_id", vm.uuid().toString());
			putIfPresent(labels, "__meta_triton_machine_alias", vm.alias());
			putIfPresent(labels, "__meta_triton_machine_brand", vm.brand());
			putIfPresent(labels, "__meta_triton_machine_image",
					vm.imageUuid() == null ? null : vm.imageUuid().toString());
			labels.put("__meta_triton_server_id", vm.serverUuid().toString());
			if (!vm.groups().isEmpty()) {
				// Triton SD's form: leading and trailing commas, so ",web," matches with a regex.
				labels.put("__meta_triton_groups", "," + String.join(",", vm.groups()) + ",");
			}
		}
		return body;
	}

	@GetMapping(path = "/v1/gz/http_sd", produces = MediaType.APPLICATION_JSON_VALUE)
	ArrayNode computeNodes(Account caller) {
		String suffix = dnsSuffix();
		readiness.check();
		ArrayNode body = JsonNodeFactory.instance.arrayNode();
		for (Server server : discovery.computeNodes(caller)) {
			ObjectNode labels = group(body, server.uuid() + "." + suffix + ":" + settings.port());
			labels.put("__meta_triton_machine_id", server.uuid().toString());
			putIfPresent(labels, "__meta_triton_machine_alias", server.hostname());
		}
		return body;
	}

	private String dnsSuffix() {
		if (settings.dnsSuffix() == null) {
			throw ApiException.notFound("HTTP SD is off: set cmon.discovery.http-sd.dns-suffix");
		}
		return settings.dnsSuffix();
	}

	private static ObjectNode group(ArrayNode body, String target) {
		ObjectNode group = body.addObject();
		group.putArray("targets").add(target);
		return group.putObject("labels");
	}

	private static void putIfPresent(ObjectNode labels, String name, String value) {
		if (value != null) {
			labels.put(name, value);
		}
	}

}
