package io.containermonitor.agent.register;

import java.util.Collection;
import java.util.Comparator;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.NodeIdentity;
import io.containermonitor.agent.container.Container;
import io.containermonitor.core.triton.vmapi.VmJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code PUT /v1/registry/servers/<server_uuid>}:
 * {@code {"hostname","admin_ip","agent_port","vms":[<VMAPI VM objects>]}} with every container of the node.
 */
public final class RegistrationPayload {

	private RegistrationPayload() {
	}

	public static ObjectNode of(NodeIdentity node, AgentProperties.Registration settings,
			Collection<Container> containers) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("hostname", node.hostname());
		body.put("admin_ip", settings.adminIp());
		body.put("agent_port", settings.agentPort());
		ArrayNode vms = body.putArray("vms");
		containers.stream()
			.sorted(Comparator.comparing(Container::vmUuid))
			.forEach(c -> vms.add(VmJson.write(c.toVm(node.serverUuid()))));
		return body;
	}

}
