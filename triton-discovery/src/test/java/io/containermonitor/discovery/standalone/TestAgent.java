package io.containermonitor.discovery.standalone;

import java.util.List;
import java.util.UUID;

import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.Vm;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What metric-agent does against the registry: push its node and every VM on it. */
final class TestAgent {

	static final String TOKEN = "test-agent-token";

	private final WebTestClient client;

	final UUID server = UUID.randomUUID();

	final String hostname;

	TestAgent(WebTestClient client, String hostname) {
		this.client = client;
		this.hostname = hostname;
	}

	WebTestClient.ResponseSpec push(List<Vm> vms) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("hostname", hostname);
		body.put("admin_ip", "127.0.0.1");
		body.put("agent_port", 9163);
		ArrayNode list = body.putArray("vms");
		for (Vm vm : vms) {
			ObjectNode node = VmJson.write(vm);
			node.remove("server_uuid"); // implied by the path
			list.add(node);
		}
		return client.put()
			.uri("/v1/registry/servers/{uuid}", server)
			.header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body.toString())
			.exchange();
	}

	WebTestClient.ResponseSpec heartbeat(String digest) {
		return client.put()
			.uri("/v1/registry/servers/{uuid}/heartbeat", server)
			.header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"vms_digest\":\"" + digest + "\"}")
			.exchange();
	}

}
