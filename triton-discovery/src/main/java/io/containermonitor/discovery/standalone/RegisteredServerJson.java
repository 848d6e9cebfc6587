package io.containermonitor.discovery.standalone;

import io.containermonitor.core.triton.cnapi.ServerJson;
import io.containermonitor.core.vm.Server;
import tools.jackson.databind.node.ObjectNode;

/**
 * A registered node as CNAPI renders a server: the core's CNAPI shape (sysinfo
 * {@code Hostname}, {@code UUID}, the admin NIC under {@code Network Interfaces}), plus
 * sysinfo {@code Admin IP} (triton-netconfig reads it first), CNAPI's {@code last_heartbeat},
 * and the agent's port in sysinfo {@code CMON Agent Port} (ours: Triton fixes it at 9163).
 */
class RegisteredServerJson {

	static final String AGENT_PORT_KEY = "CMON Agent Port";

	private final AgentRegistry registry;

	RegisteredServerJson(AgentRegistry registry) {
		this.registry = registry;
	}

	ObjectNode write(Server server) {
		ObjectNode node = ServerJson.write(server);
		node.put("last_heartbeat", registry.lastHeartbeat(server.uuid()).map(Object::toString).orElse(null));
		ObjectNode sysinfo = (ObjectNode) node.get("sysinfo");
		sysinfo.put("Admin IP", server.adminIp());
		sysinfo.put(AGENT_PORT_KEY, server.agentPort());
		return node;
	}

}
