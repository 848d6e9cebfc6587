package io.containermonitor.discovery.web;

import java.util.Optional;

import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.AppEndpoint;
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
 * {@code /v1/gz/http_sd} role cn (operators only). A container whose tags declare an application
 * endpoint ({@code triton.cmon.app-port}) is a second target: the same address with
 * {@code __metrics_path__} {@value #APP_METRICS_PATH} and {@code cmon_metrics="app"}.
 */
@RestController
class HttpSdController {

	/** The proxy's path of a container's application metrics, beside its {@code /metrics}. */
	static final String APP_METRICS_PATH = "/app/metrics";

	/**
	 * On application targets only, so that their series (and {@code up}) differ from the same
	 * container's; the container's own series keep exactly the labels Triton SD gives them.
	 */
	static final String SOURCE_LABEL = "cmon_metrics";

	/** On every target, for relabelling: {@value #CONTAINER_SOURCE} or {@value #APP_SOURCE}. */
	static final String SOURCE_META_LABEL = "__meta_cmon_metrics";

	static final String CONTAINER_SOURCE = "container";

	static final String APP_SOURCE = "app";

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
			String target = vm.uuid() + "." + suffix + ":" + settings.port();
			ObjectNode labels = group(body, target);
			machineLabels(labels, vm);
			labels.put(SOURCE_META_LABEL, CONTAINER_SOURCE);
			if (AppEndpoint.fromTags(vm.tags()).isPresent()) {
				ObjectNode app = group(body, target);
				machineLabels(app, vm);
				app.put(SOURCE_META_LABEL, APP_SOURCE);
				app.put(SOURCE_LABEL, APP_SOURCE);
				app.put("__metrics_path__", APP_METRICS_PATH);
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

	private static void machineLabels(ObjectNode labels, Vm vm) {
		labels.put("__meta_triton_machine_id", vm.uuid().toString());
		putIfPresent(labels, "__meta_triton_machine_alias", vm.alias());
		putIfPresent(labels, "__meta_triton_machine_brand", vm.brand());
		putIfPresent(labels, "__meta_triton_machine_image", vm.imageUuid() == null ? null : vm.imageUuid().toString());
		labels.put("__meta_triton_server_id", vm.serverUuid().toString());
		if (!vm.groups().isEmpty()) {
			// Triton SD's form: leading and trailing commas, so ",web," matches with a regex.
			labels.put("__meta_triton_groups", "," + String.join(",", vm.groups()) + ",");
		}
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
