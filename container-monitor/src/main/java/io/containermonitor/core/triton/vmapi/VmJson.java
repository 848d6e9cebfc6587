package io.containermonitor.core.triton.vmapi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * VMAPI's VM object on the wire. Reading is lenient where VMAPI varies (unknown
 * fields, absent optional ones, null vs "" for unset) and strict where we route
 * or authorise by the value (uuid, owner_uuid, server_uuid).
 */
public final class VmJson {

	private VmJson() {
	}

	public static Vm read(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new InvalidVmException("VM is not a JSON object: " + abbreviate(node));
		}
		UUID uuid = requiredUuid(node, "uuid", null);
		UUID owner = requiredUuid(node, "owner_uuid", uuid);
		UUID server = optionalUuid(node, "server_uuid", uuid);
		String stateText = text(node, "state");
		if (stateText == null) {
			throw new InvalidVmException("VM " + uuid + " has no state");
		}
		return new Vm(uuid, text(node, "alias"), owner, server, VmState.fromWire(stateText), text(node, "brand"),
				optionalUuid(node, "image_uuid", uuid), tags(node.get("tags")), instant(node, "create_timestamp"),
				instant(node, "destroyed"), instant(node, "last_modified"));
	}

	/** The VM as VMAPI's {@code GET /vms/:uuid} renders it: unset fields null, objects {}. */
	public static ObjectNode write(Vm vm) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("uuid", vm.uuid().toString());
		node.put("alias", vm.alias());
		node.put("owner_uuid", vm.ownerUuid().toString());
		node.put("server_uuid", vm.serverUuid() == null ? null : vm.serverUuid().toString());
		node.put("state", vm.state().wireName());
		node.put("zone_state", vm.state() == VmState.UNKNOWN ? "running" : vm.state().wireName());
		node.put("brand", vm.brand());
		node.put("image_uuid", vm.imageUuid() == null ? null : vm.imageUuid().toString());
		ObjectNode tags = node.putObject("tags");
		vm.tags().forEach((k, v) -> {
			if (v instanceof Boolean b) {
				tags.put(k, b);
			}
			else if (v instanceof Number n) {
				tags.put(k, n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue() : n.doubleValue());
			}
			else {
				tags.put(k, String.valueOf(v));
			}
		});
		node.putObject("customer_metadata");
		node.putArray("nics");
		node.put("create_timestamp", vm.createTimestamp() == null ? null : vm.createTimestamp().toString());
		node.put("last_modified", vm.lastModified() == null ? null : vm.lastModified().toString());
		node.put("destroyed", vm.destroyed() == null ? null : vm.destroyed().toString());
		return node;
	}

	private static UUID requiredUuid(JsonNode node, String field, UUID vm) {
		String value = text(node, field);
		if (value == null) {
			throw new InvalidVmException(where(vm) + "has no " + field);
		}
		return TritonUuid.parseLenient(value)
			.orElseThrow(() -> new InvalidVmException(where(vm) + field + " is not a UUID: '" + value + "'"));
	}

	private static UUID optionalUuid(JsonNode node, String field, UUID vm) {
		String value = text(node, field);
		if (value == null) {
			return null;
		}
		return TritonUuid.parseLenient(value)
			.orElseThrow(() -> new InvalidVmException(where(vm) + field + " is not a UUID: '" + value + "'"));
	}

	private static String where(UUID vm) {
		return vm == null ? "VM " : "VM " + vm + " ";
	}

	/** VMAPI writes unset strings as null or "" depending on the path; both mean absent. */
	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || !value.isValueNode()) {
			return null;
		}
		String text = value.asString();
		return text.isEmpty() ? null : text;
	}

	private static Instant instant(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			return Instant.ofEpochMilli(value.asLong());
		}
		String text = value.asString();
		if (text.isEmpty()) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			// A date we only display never makes a VM unusable.
			return null;
		}
	}

	private static Map<String, Object> tags(JsonNode node) {
		Map<String, Object> tags = new LinkedHashMap<>();
		if (node == null || !node.isObject()) {
			return tags;
		}
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			JsonNode v = e.getValue();
			if (v.isBoolean()) {
				tags.put(e.getKey(), v.asBoolean());
			}
			else if (v.isIntegralNumber()) {
				tags.put(e.getKey(), v.asLong());
			}
			else if (v.isNumber()) {
				tags.put(e.getKey(), v.asDouble());
			}
			else if (v.isValueNode() && !v.isNull()) {
				tags.put(e.getKey(), v.asString());
			}
		}
		return tags;
	}

	private static String abbreviate(JsonNode node) {
		String text = String.valueOf(node);
		return text.length() > 120 ? text.substring(0, 120) + "..." : text;
	}

}
