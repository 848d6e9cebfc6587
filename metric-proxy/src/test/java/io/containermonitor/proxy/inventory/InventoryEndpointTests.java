package io.containermonitor.proxy.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/inventory} of a real proxy following the core's fake VMAPI/CNAPI through its
 * change feed: what it reports is what a scrape of the VM would be routed to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryEndpointTests {

	private static final FakeTriton triton = FakeTriton.start();

	private static final UUID OWNER = UUID.randomUUID();

	private static final Server NODE = new Server(UUID.randomUUID(), "cn1", "10.9.8.7", 9163, ServerStatus.RUNNING,
			false);

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		triton.putServer(NODE);
		registry.add("server.port", () -> "0");
		registry.add("management.server.port", () -> "0");
		registry.add("management.endpoints.web.exposure.include", () -> "health,inventory");
		registry.add("cmon.triton.vmapi-url", () -> triton.baseUrl().toString());
		registry.add("cmon.triton.cnapi-url", () -> triton.baseUrl().toString());
		registry.add("cmon.triton.change-feed.min-backoff", () -> "100ms");
	}

	@AfterAll
	static void stop() {
		triton.close();
	}

	@Test
	void reportsTheAgentAScrapeOfEachVmGoesToAndFollowsTheChangeFeed() throws Exception {
		Vm running = vm(VmState.RUNNING);
		Vm stopped = vm(VmState.STOPPED);
		triton.putVm(running);
		triton.putVm(stopped);
		String url = "http://10.9.8.7:9163/v1/" + running.uuid() + "/metrics";
		JsonNode asked = await(body -> url.equals(body.path("routes").path(running.uuid().toString()).asString()),
				"?uuids=" + running.uuid() + "," + stopped.uuid() + ",not-a-uuid");
		assertThat(asked.path("routes").get(stopped.uuid().toString()).isNull()).as("stopped: not routed").isTrue();
		assertThat(asked.path("routes").get("not-a-uuid").isNull()).isTrue();
		assertThat(asked.path("servers").asInt()).isEqualTo(1);
		assertThat(asked.path("changeFeedConnected").asBoolean()).isTrue();

		JsonNode all = get("?routes=true");
		assertThat(all.path("routes").size()).isEqualTo(1);
		assertThat(all.path("routes").path(running.uuid().toString()).asString()).isEqualTo(url);

		triton.destroyVm(running.uuid());
		await(body -> body.path("routes").path(running.uuid().toString()).isNull(), "?uuids=" + running.uuid());
		assertThat(get("").has("routes")).as("no routes unless asked").isFalse();
	}

	private static Vm vm(VmState state) {
		Instant now = Instant.now();
		UUID uuid = UUID.randomUUID();
		return new Vm(uuid, "c-" + uuid, OWNER, NODE.uuid(), state, "linux", null, Map.of(), now, null, now);
	}

	private JsonNode await(java.util.function.Predicate<JsonNode> condition, String query) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		JsonNode body = get(query);
		while (!condition.test(body) && System.nanoTime() < deadline) {
			Thread.sleep(100);
			body = get(query);
		}
		assertThat(condition.test(body)).as("inventory endpoint %s: %s", query, body).isTrue();
		return body;
	}

	private JsonNode get(String query) {
		byte[] body = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + managementPort)
			.build()
			.get()
			.uri("/actuator/inventory" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JsonMapper.shared().readTree(body);
	}

}
