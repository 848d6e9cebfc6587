package io.containermonitor.forwarder.sink;

import java.util.LinkedHashMap;
import java.util.Map;

import io.containermonitor.forwarder.discovery.Target;

/**
 * The tags every sample carries besides its own labels: the target's identity
 * ({@code vm_uuid}, {@code vm_alias}, {@code server_uuid}, {@code groups}). A
 * scraped label with one of these names is kept as {@code exported_<name>}, as
 * Prometheus does with {@code honor_labels: false}. Empty values are left out.
 */
public final class IdentityTags {

	private IdentityTags() {
	}

	public static Map<String, String> of(ForwardedSample sample) {
		Target target = sample.target();
		Map<String, String> tags = new LinkedHashMap<>();
		sample.labels().forEach((name, value) -> {
			if (!value.isEmpty()) {
				tags.put(isIdentity(name) ? "exported_" + name : name, value);
			}
		});
		tags.put("vm_uuid", target.vmUuid().toString());
		putIfPresent(tags, "vm_alias", target.alias());
		putIfPresent(tags, "server_uuid", target.serverUuid());
		putIfPresent(tags, "groups", String.join(",", target.groups()));
		return tags;
	}

	private static boolean isIdentity(String name) {
		return name.equals("vm_uuid") || name.equals("vm_alias") || name.equals("server_uuid") || name.equals("groups");
	}

	private static void putIfPresent(Map<String, String> tags, String name, String value) {
		if (value != null && !value.isEmpty()) {
			tags.put(name, value);
		}
	}

}
