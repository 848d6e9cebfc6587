package io.containermonitor.discovery.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AgentRegistryTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private Inventory inventory;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private AgentRegistry registry;

	private WebTestClient client;

	private final UUID owner = UUID.randomUUID();

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Test
	void twoAgentsRegisterAndTheSilentOneIsMarkedUnknownUntilItReturns() throws Exception {
		TestAgent steady = new TestAgent(client, "steady");
		TestAgent flaky = new TestAgent(client, "flaky");
		Vm a = TestVms.running(owner, steady.server, "a");
		Vm b = TestVms.running(owner, flaky.server, "b");
		Vm stopped = TestVms.vm(owner, flaky.server, "stopped", VmState.STOPPED);
		steady.push(List.of(a)).expectStatus().isOk().expectBody()
			.jsonPath("$.heartbeat_interval_seconds").isEqualTo(1)
			.jsonPath("$.heartbeat_interval_ms").isEqualTo(500);
		flaky.push(List.of(b, stopped)).expectStatus().isOk();

		assertThat(inventory.server(steady.server).orElseThrow().status()).isEqualTo(ServerStatus.RUNNING);
		assertThat(inventory.server(flaky.server).orElseThrow().hostname()).isEqualTo("flaky");
		assertThat(inventory.vm(b.uuid()).orElseThrow().serverUuid()).isEqualTo(flaky.server);
		client.get().uri("/vms?owner_uuid={o}&state=running", owner).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.length()").isEqualTo(2);

		// Only the steady agent keeps its heartbeat (every 100 ms; the interval is 500 ms, down after 1.5 s).
		ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
		try {
			heart.scheduleAtFixedRate(() -> steady.push(List.of(a)).expectStatus().isOk(), 0, 100,
					TimeUnit.MILLISECONDS);
			awaitServerStatus(flaky.server, ServerStatus.UNKNOWN);
			client.get().uri("/vms/{uuid}", b.uuid()).exchange()
				.expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("unknown");
			assertThat(inventory.vm(stopped.uuid()).orElseThrow().state()).isEqualTo(VmState.UNKNOWN);
			client.get().uri("/servers/{uuid}", flaky.server).exchange()
				.expectBody().jsonPath("$.status").isEqualTo("unknown");
			assertThat(inventory.server(steady.server).orElseThrow().status()).isEqualTo(ServerStatus.RUNNING);
			assertThat(inventory.vm(a.uuid()).orElseThrow().state()).isEqualTo(VmState.RUNNING);
		}
		finally {
			heart.shutdownNow();
			heart.awaitTermination(5, TimeUnit.SECONDS);
		}

		flaky.push(List.of(b, stopped)).expectStatus().isOk();
		assertThat(inventory.server(flaky.server).orElseThrow().status()).isEqualTo(ServerStatus.RUNNING);
		assertThat(inventory.vm(b.uuid()).orElseThrow().state()).isEqualTo(VmState.RUNNING);
		assertThat(inventory.vm(stopped.uuid()).orElseThrow().state()).isEqualTo(VmState.STOPPED);
	}

	@Test
	void aVmTheNodeNoLongerListsIsDestroyed() {
		TestAgent agent = new TestAgent(client, "node");
		Vm kept = TestVms.running(owner, agent.server, "kept");
		Vm dropped = TestVms.running(owner, agent.server, "dropped");
		agent.push(List.of(kept, dropped)).expectStatus().isOk();
		agent.push(List.of(kept)).expectStatus().isOk();

		assertThat(inventory.vm(dropped.uuid())).isEmpty();
		client.get().uri("/vms/{uuid}", dropped.uuid()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("destroyed").jsonPath("$.destroyed").isNotEmpty();
		client.get().uri("/vms?owner_uuid={o}&state=active", owner).exchange()
			.expectBody().jsonPath("$[*].uuid").isEqualTo(List.of(kept.uuid().toString()));
		client.get().uri("/vms?owner_uuid={o}&state=destroyed", owner).exchange()
			.expectBody().jsonPath("$[*].uuid").isEqualTo(List.of(dropped.uuid().toString()));
	}

	@Test
	void aChangedVmIsUpdatedAndAMovedVmIsNotDestroyedByItsOldNode() {
		TestAgent first = new TestAgent(client, "first");
		TestAgent second = new TestAgent(client, "second");
		Vm vm = TestVms.running(owner, first.server, "mover");
		first.push(List.of(vm)).expectStatus().isOk();
		second.push(List.of(vm.withServerUuid(second.server).withState(VmState.STOPPED))).expectStatus().isOk();
		first.push(List.of()).expectStatus().isOk();

		Vm now = inventory.vm(vm.uuid()).orElseThrow();
		assertThat(now.serverUuid()).isEqualTo(second.server);
		assertThat(now.state()).isEqualTo(VmState.STOPPED);
	}

	@Test
	void pushesAndNodesAreCounted() {
		double refusedBefore = meters.get("cmon.discovery.registry.pushes").tag("outcome", "refused").counter().count();
		double acceptedBefore = meters.get("cmon.discovery.registry.pushes").tag("outcome", "accepted").counter().count();
		new TestAgent(client, "counted").push(List.of()).expectStatus().isOk();
		assertInvalid(UUID.randomUUID(), "not json", "body is not JSON");
		assertThat(meters.get("cmon.discovery.registry.pushes").tag("outcome", "accepted").counter().count())
			.isGreaterThanOrEqualTo(acceptedBefore + 1);
		assertThat(meters.get("cmon.discovery.registry.pushes").tag("outcome", "refused").counter().count())
			.isEqualTo(refusedBefore + 1);
		assertThat(meters.get("cmon.discovery.registry.nodes").tag("state", "up").gauge().value()).isPositive();
	}

	@Test
	void ownMetricsPassPromtoolLint() throws Exception {
		new TestAgent(client, "linted").push(List.of()).expectStatus().isOk();
		String scrape = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
			.get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		String ours = scrape.lines().filter(line -> line.contains("cmon_discovery_registry_"))
			.collect(Collectors.joining("\n", "", "\n"));
		assertThat(ours).contains("cmon_discovery_registry_pushes_total{outcome=\"accepted\"}")
			.contains("cmon_discovery_registry_nodes{state=\"up\"}");
		Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		promtool.getOutputStream().write(ours.getBytes());
		promtool.getOutputStream().close();
		String output = new String(promtool.getInputStream().readAllBytes());
		assertThat(promtool.waitFor()).as("promtool check metrics: %s", output).isZero();
	}

	@Test
	void deregisteringANodeDestroysItsVms() {
		TestAgent agent = new TestAgent(client, "decommissioned");
		Vm vm = TestVms.running(owner, agent.server, "last");
		agent.push(List.of(vm)).expectStatus().isOk();
		client.delete().uri("/v1/registry/servers/{uuid}", agent.server).exchange().expectStatus().isUnauthorized();

		client.delete().uri("/v1/registry/servers/{uuid}", agent.server)
			.header("Authorization", "Bearer " + TestAgent.TOKEN)
			.exchange()
			.expectStatus().isNoContent();
		assertThat(inventory.vm(vm.uuid())).isEmpty();
		assertThat(inventory.server(agent.server)).isEmpty();
		client.get().uri("/vms/{uuid}", vm.uuid()).exchange()
			.expectBody().jsonPath("$.state").isEqualTo("destroyed");
		client.delete().uri("/v1/registry/servers/{uuid}", agent.server)
			.header("Authorization", "Bearer " + TestAgent.TOKEN)
			.exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void badTokenIs401() {
		client.put().uri("/v1/registry/servers/{uuid}", UUID.randomUUID())
			.header("Authorization", "Bearer wrong")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.code").isEqualTo("Unauthorized");
		client.put().uri("/v1/registry/servers/{uuid}", UUID.randomUUID())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void badPayloadsAre400WithTheReason() {
		UUID server = UUID.randomUUID();
		assertInvalid(server, "not json", "body is not JSON");
		assertInvalid(server, "[]", "body must be a JSON object");
		assertInvalid(server, "{\"admin_ip\":\"127.0.0.1\",\"vms\":[]}", "hostname must be a non-empty string");
		assertInvalid(server, "{\"hostname\":\"n\",\"admin_ip\":\"not an ip!\",\"vms\":[]}", "admin_ip is not an address");
		assertInvalid(server, "{\"hostname\":\"n\",\"admin_ip\":\"10.0.0.1\",\"agent_port\":70000,\"vms\":[]}",
				"agent_port must be an integer 1..65535");
		assertInvalid(server, "{\"hostname\":\"n\",\"admin_ip\":\"10.0.0.1\"}", "vms must be an array");
		assertInvalid(server, node("{\"uuid\":\"not-a-uuid\",\"owner_uuid\":\"" + owner + "\",\"state\":\"running\"}"),
				"vms[0]: VM uuid is not a UUID: 'not-a-uuid'");
		UUID vm = UUID.randomUUID();
		assertInvalid(server, node("{\"uuid\":\"" + vm + "\",\"state\":\"running\"}"), "vms[0]: VM " + vm + " has no owner_uuid");
		assertInvalid(server,
				node("{\"uuid\":\"" + vm + "\",\"owner_uuid\":\"" + owner + "\",\"state\":\"running\",\"server_uuid\":\""
						+ UUID.randomUUID() + "\"}"),
				"is not this node");
		String once = "{\"uuid\":\"" + vm + "\",\"owner_uuid\":\"" + owner + "\",\"state\":\"running\"}";
		assertInvalid(server, "{\"hostname\":\"n\",\"admin_ip\":\"10.0.0.1\",\"vms\":[" + once + "," + once + "]}",
				"is listed twice");
		client.put().uri("/v1/registry/servers/not-a-uuid")
			.header("Authorization", "Bearer " + TestAgent.TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(node(once))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.message").value(containsString("server_uuid is not a UUID"));
		assertThat(inventory.vm(vm)).as("nothing of a refused push is kept").isEmpty();
		assertThat(inventory.server(server)).isEmpty();
	}

	private static String node(String vm) {
		return "{\"hostname\":\"n\",\"admin_ip\":\"10.0.0.1\",\"vms\":[" + vm + "]}";
	}

	private void assertInvalid(UUID server, String body, String reason) {
		client.put().uri("/v1/registry/servers/{uuid}", server)
			.header("Authorization", "Bearer " + TestAgent.TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.code").isEqualTo("InvalidArgument")
			.jsonPath("$.message").value(containsString(reason));
	}

	@Test
	void aPushAnswersItsDigestAndHeartbeatsByDigestKeepTheNodeUp() throws Exception {
		TestAgent agent = new TestAgent(client, "digests");
		Vm a = TestVms.running(owner, agent.server, "a");
		String digest = digestOf(agent.push(List.of(a)));
		assertThat(digest).matches("[0-9a-f]{64}");
		// The same list pushed again (an agent of the first protocol) answers the same digest.
		assertThat(digestOf(agent.push(List.of(a)))).isEqualTo(digest);
		Instant before = lastHeartbeat(agent.server);
		Thread.sleep(20);
		agent.heartbeat(digest).expectStatus().isOk().expectBody()
			.jsonPath("$.heartbeat_interval_ms").isEqualTo(500)
			.jsonPath("$.vms_digest").isEqualTo(digest);
		assertThat(lastHeartbeat(agent.server)).isAfter(before);
		assertThat(inventory.vm(a.uuid())).isPresent();
		// Keeps the node up past its down-after (1.5 s) with digests alone.
		for (int i = 0; i < 20; i++) {
			agent.heartbeat(digest).expectStatus().isOk();
			Thread.sleep(100);
		}
		assertThat(inventory.server(agent.server).orElseThrow().status()).isEqualTo(ServerStatus.RUNNING);
		assertThat(inventory.vm(a.uuid()).orElseThrow().state()).isEqualTo(VmState.RUNNING);
	}

	@Test
	void aHeartbeatByDigestTheRegistryCannotTakeAnswers409() throws Exception {
		TestAgent agent = new TestAgent(client, "mismatch");
		Vm a = TestVms.running(owner, agent.server, "a");
		// Unknown node: what an agent meets after the registry restarted.
		agent.heartbeat("0".repeat(64)).expectStatus().isEqualTo(409).expectBody()
			.jsonPath("$.code").isEqualTo("DigestMismatch");
		String digest = digestOf(agent.push(List.of(a)));
		agent.heartbeat("1".repeat(64)).expectStatus().isEqualTo(409);
		agent.heartbeat("not hex").expectStatus().isBadRequest().expectBody()
			.jsonPath("$.code").isEqualTo("InvalidArgument");
		// A node marked down must send its list again: its VMs were marked unknown.
		awaitServerStatus(agent.server, ServerStatus.UNKNOWN);
		agent.heartbeat(digest).expectStatus().isEqualTo(409);
		assertThat(digestOf(agent.push(List.of(a)))).isEqualTo(digest);
		assertThat(inventory.vm(a.uuid()).orElseThrow().state()).isEqualTo(VmState.RUNNING);
		assertThat(inventory.server(agent.server).orElseThrow().status()).isEqualTo(ServerStatus.RUNNING);
	}

	@Test
	void aHeartbeatByDigestNeedsTheAgentToken() {
		client.put().uri("/v1/registry/servers/{uuid}/heartbeat", UUID.randomUUID())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"vms_digest\":\"" + "0".repeat(64) + "\"}")
			.exchange()
			.expectStatus().isUnauthorized();
	}

	private static String digestOf(WebTestClient.ResponseSpec push) {
		byte[] body = push.expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return tools.jackson.databind.json.JsonMapper.shared().readTree(body).get("vms_digest").asString();
	}

	private Instant lastHeartbeat(UUID server) {
		return registry.lastHeartbeat(server).orElseThrow();
	}

	private void awaitServerStatus(UUID server, ServerStatus status) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (inventory.server(server).orElseThrow().status() != status) {
			assertThat(Instant.now()).as("server %s never became %s", server, status).isBefore(deadline);
			Thread.sleep(50);
		}
	}

}
