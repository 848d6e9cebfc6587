package io.containermonitor.core.triton.cnapi;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.TritonUuid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * CNAPI's server object. The agent address comes from sysinfo the way
 * triton-netconfig finds it: {@code CN Agent IP} when set (mockcloud), else
 * {@code Admin IP}, else the IPv4 address of the NIC (or VNIC) whose
 * {@code NIC Names} include {@code admin}. Triton's agents all listen on one
 * port; a standalone registry may say otherwise in {@value #AGENT_PORT_KEY}.
 */
public final class ServerJson {

	/** The sysinfo key a standalone registry states a node's agent port in. */
	public static final String AGENT_PORT_KEY = "CMON Agent Port";

	private ServerJson() {
	}

	public static Server read(JsonNode node, int agentPort) {
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("server is not a JSON object");
		}
		UUID uuid = TritonUuid.require(text(node, "uuid"), "server uuid");
		JsonNode sysinfo = node.path("sysinfo");
		String hostname = Optional.ofNullable(text(node, "hostname")).orElse(text(sysinfo, "Hostname"));
		return new Server(uuid, hostname, agentIp(sysinfo).orElse(null), agentPort(sysinfo, agentPort),
				ServerStatus.fromWire(text(node, "status")), node.path("headnode").asBoolean(false));
	}

	/** A server as CNAPI renders it with {@code extras=sysinfo,status}. */
	public static ObjectNode write(Server server) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("uuid", server.uuid().toString());
		node.put("hostname", server.hostname());
		node.put("status", server.status().wireName());
		node.put("headnode", server.headnode());
		node.put("setup", true);
		ObjectNode sysinfo = node.putObject("sysinfo");
		sysinfo.put("UUID", server.uuid().toString());
		sysinfo.put("Hostname", server.hostname());
		sysinfo.put(AGENT_PORT_KEY, server.agentPort());
		ObjectNode nic = sysinfo.putObject("Network Interfaces").putObject("admin0");
		nic.put("ip4addr", server.adminIp());
		nic.putArray("NIC Names").add("admin");
		return node;
	}

	private static int agentPort(JsonNode sysinfo, int fallback) {
		JsonNode port = sysinfo.get(AGENT_PORT_KEY);
		if (port != null && port.canConvertToInt() && port.asInt() >= 1 && port.asInt() <= 65535) {
			return port.asInt();
		}
		return fallback;
	}

	static Optional<String> agentIp(JsonNode sysinfo) {
		String agentIp = Optional.ofNullable(text(sysinfo, "CN Agent IP")).orElse(text(sysinfo, "Admin IP"));
		if (agentIp != null) {
			return Optional.of(agentIp);
		}
		return adminIp(sysinfo.path("Network Interfaces")).or(() -> adminIp(sysinfo.path("Virtual Network Interfaces")));
	}

	private static Optional<String> adminIp(JsonNode nics) {
		if (!nics.isObject()) {
			return Optional.empty();
		}
		for (Map.Entry<String, JsonNode> nic : nics.properties()) {
			JsonNode names = nic.getValue().path("NIC Names");
			boolean admin = false;
			for (JsonNode name : names) {
				admin |= "admin".equals(name.asString());
			}
			String ip = text(nic.getValue(), "ip4addr");
			if (admin && ip != null) {
				return Optional.of(ip);
			}
		}
		return Optional.empty();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || !value.isValueNode()) {
			return null;
		}
		String text = value.asString();
		return text.isEmpty() ? null : text;
	}

}
