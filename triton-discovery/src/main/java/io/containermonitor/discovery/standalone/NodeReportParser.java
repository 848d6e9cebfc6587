package io.containermonitor.discovery.standalone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.containermonitor.core.triton.vmapi.InvalidVmException;
import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an agent's {@code PUT /v1/registry/servers/{uuid}} body:
 * {@code {"hostname","admin_ip","agent_port","vms":[<VMAPI VM objects>]}}. Strict: any bad
 * field refuses the whole push, naming it, so a broken agent is noticed rather than half
 * believed.
 */
class NodeReportParser {

	/** An IPv4 or IPv6 literal, or a DNS name: what an agent can be reached at. */
	private static final Pattern ADDRESS = Pattern
		.compile("[0-9A-Za-z]([0-9A-Za-z.-]{0,252}[0-9A-Za-z])?|[0-9A-Fa-f:.]{2,45}");

	private final ObjectMapper mapper;

	NodeReportParser(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	NodeReport parse(UUID serverUuid, String body) {
		JsonNode root;
		try {
			root = mapper.readTree(body == null ? "" : body);
		}
		catch (JacksonException ex) {
			throw new InvalidNodeReportException("body is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new InvalidNodeReportException("body must be a JSON object");
		}
		String hostname = requiredText(root, "hostname");
		String adminIp = requiredText(root, "admin_ip");
		if (!ADDRESS.matcher(adminIp).matches()) {
			throw new InvalidNodeReportException("admin_ip is not an address: '" + adminIp + "'");
		}
		int agentPort = agentPort(root.get("agent_port"));
		JsonNode vmsNode = root.get("vms");
		if (vmsNode == null || !vmsNode.isArray()) {
			throw new InvalidNodeReportException("vms must be an array of VM objects");
		}
		List<Vm> vms = new ArrayList<>(vmsNode.size());
		Set<UUID> seen = new HashSet<>();
		for (int i = 0; i < vmsNode.size(); i++) {
			Vm vm = vm(serverUuid, i, vmsNode.get(i));
			if (!seen.add(vm.uuid())) {
				throw new InvalidNodeReportException("vms[" + i + "]: VM " + vm.uuid() + " is listed twice");
			}
			vms.add(vm);
		}
		return new NodeReport(serverUuid, hostname, adminIp, agentPort, vms);
	}

	private static Vm vm(UUID serverUuid, int index, JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new InvalidNodeReportException("vms[" + index + "] is not a JSON object");
		}
		ObjectNode copy = ((ObjectNode) node).deepCopy();
		JsonNode given = copy.get("server_uuid");
		if (given != null && !given.isNull() && !given.asString().isEmpty()
				&& !TritonUuid.parseLenient(given.asString()).map(serverUuid::equals).orElse(false)) {
			throw new InvalidNodeReportException("vms[" + index + "]: server_uuid '" + given.asString()
					+ "' is not this node (" + serverUuid + ")");
		}
		copy.put("server_uuid", serverUuid.toString());
		try {
			return VmJson.read(copy);
		}
		catch (InvalidVmException ex) {
			throw new InvalidNodeReportException("vms[" + index + "]: " + ex.getMessage());
		}
	}

	private static String requiredText(JsonNode root, String field) {
		JsonNode value = root.get(field);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw new InvalidNodeReportException(field + " must be a non-empty string");
		}
		return value.asString();
	}

	private static int agentPort(JsonNode value) {
		if (value == null || value.isNull()) {
			return Server.DEFAULT_AGENT_PORT;
		}
		if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 65535) {
			throw new InvalidNodeReportException("agent_port must be an integer 1..65535, not " + value);
		}
		return value.asInt();
	}

}
