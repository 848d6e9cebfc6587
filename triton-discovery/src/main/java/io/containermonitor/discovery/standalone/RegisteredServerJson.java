package io.containermonitor.discovery.standalone;

import io.containermonitor.core.triton.cnapi.ServerJson;
import io.containermonitor.core.vm.Server;
import tools.jackson.databind.node.ObjectNode;

/**
 * A registered node as CNAPI renders a server: the core's CNAPI shape (sysinfo
 * {@code Hostname}, {@code UUID}, the admin NIC, the agent's port), plus sysinfo
 * {@code Admin IP} (triton-netconfig reads it first) and CNAPI's {@code last_heartbeat}.
 */
class RegisteredServerJson {

	private final AgentRegistry registry;

	RegisteredServerJson(AgentRegistry registry) {
		this.registry = registry;
	}

	ObjectNode write(Server server) {
		ObjectNode node = ServerJson.write(server);
		node.put("last_heartbeat", registry.lastHeartbeat(server.uuid()).map(Object::toString).orElse(null));
		ObjectNode sysinfo = (ObjectNode) node.get("sysinfo");
		sysinfo.put("Admin IP", server.adminIp());
		return node;
	}

}
