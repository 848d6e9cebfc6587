package io.containermonitor.discovery.standalone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import io.containermonitor.core.triton.cnapi.ServerJson;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's VMAPI- and CNAPI-compatible read API, paging above all. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class VmApiTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	@Test
	void markerPagingReturnsEveryVmExactlyOnceInUuidOrder() {
		UUID owner = UUID.randomUUID();
		Set<String> mine = new HashSet<>();
		for (int node = 0; node < 3; node++) {
			TestAgent agent = new TestAgent(client, "paging-" + node);
			List<Vm> vms = IntStream.range(0, 1000).mapToObj(i -> TestVms.running(owner, agent.server, "p" + i)).toList();
			vms.forEach(vm -> mine.add(vm.uuid().toString()));
			agent.push(vms).expectStatus().isOk();
		}

		// Everything, default order (uuid DESC) and page size (1000), as a bootstrap reads it.
		List<String> all = pageAll("/vms?state=active", true);
		assertThat(all).doesNotHaveDuplicates().containsAll(mine).isSortedAccordingTo((a, b) -> b.compareTo(a));

		// One owner, small ascending pages, as CMON's lomstream pages (100).
		List<String> owned = pageAll("/vms?owner_uuid=" + owner + "&state=active&limit=100&sort=uuid.asc", false);
		assertThat(owned).hasSize(3000).doesNotHaveDuplicates().isSorted();
		assertThat(new HashSet<>(owned)).isEqualTo(mine);

		client.get().uri("/vms?owner_uuid={o}&limit=1", owner).exchange()
			.expectHeader().valueEquals(VmApiController.RESOURCE_COUNT_HEADER, "3000");
	}

	@Test
	void cnsMarkerProbeGetsAnEmptyPage() {
		client.get().uri("/vms?limit=1&state=active&marker={m}", "{\"uuid\":\"000000\"}").exchange()
			.expectStatus().isOk()
			.expectBody().json("[]");
	}

	@Test
	void filtersByServerUuidAndState() {
		UUID owner = UUID.randomUUID();
		TestAgent agent = new TestAgent(client, "filters");
		Vm running = TestVms.running(owner, agent.server, "r");
		Vm stopped = TestVms.vm(owner, agent.server, "s", io.containermonitor.core.vm.VmState.STOPPED);
		agent.push(List.of(running, stopped)).expectStatus().isOk();

		client.get().uri("/vms?server_uuid={s}&state=stopped", agent.server).exchange()
			.expectBody().jsonPath("$[*].uuid").isEqualTo(List.of(stopped.uuid().toString()));
		client.get().uri("/vms?uuid={u}", running.uuid()).exchange()
			.expectHeader().valueEquals(VmApiController.RESOURCE_COUNT_HEADER, "1")
			.expectBody().jsonPath("$[0].owner_uuid").isEqualTo(owner.toString())
			.jsonPath("$[0].tags").isMap();
	}

	@Test
	void uuidsListsTheNamedVmsThatExistInUuidOrder() {
		UUID owner = UUID.randomUUID();
		TestAgent agent = new TestAgent(client, "uuids");
		Vm a = TestVms.running(owner, agent.server, "a");
		Vm b = TestVms.running(owner, agent.server, "b");
		Vm c = TestVms.running(owner, agent.server, "c");
		agent.push(List.of(a, b, c)).expectStatus().isOk();
		UUID unknown = UUID.randomUUID();
		List<String> expected = new ArrayList<>(List.of(a.uuid().toString(), c.uuid().toString()));
		expected.sort(java.util.Comparator.reverseOrder());

		client.get().uri("/vms?uuids={list}", a.uuid() + "," + unknown + "," + c.uuid()).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(VmApiController.RESOURCE_COUNT_HEADER, "2")
			.expectBody().jsonPath("$[*].uuid").isEqualTo(expected);
		client.get().uri("/vms?uuids={list}", a.uuid() + ",not-a-uuid").exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("uuids");
	}

	@Test
	void badParametersAre409ValidationFailed() {
		for (String query : List.of("foo=bar", "limit=0", "limit=1001", "limit=x", "state=sleeping",
				"owner_uuid=nope", "sort=alias", "offset=1&marker=%7B%22uuid%22%3A%22a%22%7D", "marker=notjson")) {
			client.get().uri("/vms?" + query).exchange()
				.expectStatus().isEqualTo(409)
				.expectBody().jsonPath("$.code").isEqualTo("ValidationFailed")
				.jsonPath("$.errors[0].field").exists();
		}
	}

	@Test
	void unknownVmIs404ResourceNotFound() {
		client.get().uri("/vms/{u}", UUID.randomUUID()).exchange()
			.expectStatus().isNotFound()
			.expectBody().json("{\"code\":\"ResourceNotFound\",\"message\":\"VM not found\"}");
		client.get().uri("/vms/not-a-uuid").exchange().expectStatus().isNotFound();
	}

	@Test
	void serversReadAsCnapiServersWithTheAgentAddress() throws Exception {
		TestAgent agent = new TestAgent(client, "cn-shape");
		agent.push(List.of()).expectStatus().isOk();

		byte[] body = client.get().uri("/servers/{u}", agent.server).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.setup").isEqualTo(true)
			.jsonPath("$.headnode").isEqualTo(false)
			.jsonPath("$.sysinfo.Hostname").isEqualTo("cn-shape")
			.jsonPath("$.sysinfo['Admin IP']").isEqualTo("127.0.0.1")
			.jsonPath("$.sysinfo['CMON Agent Port']").isEqualTo(9163)
			.jsonPath("$.last_heartbeat").isNotEmpty()
			.returnResult().getResponseBody();
		Server read = ServerJson.read(json.readTree(body), 9163);
		assertThat(read.uuid()).isEqualTo(agent.server);
		assertThat(read.adminIp()).isEqualTo("127.0.0.1");
		assertThat(read.hostname()).isEqualTo("cn-shape");

		client.get().uri("/servers?setup=true&extras=sysinfo&limit=100&offset=0").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.uuid == '%s')].status".formatted(agent.server)).isEqualTo("running");
		client.get().uri("/servers/{u}", UUID.randomUUID()).exchange()
			.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("ResourceNotFound");
	}

	/** Pages with {@code marker={"uuid":<last>}} until an empty page, as VMAPI clients do. */
	private List<String> pageAll(String first, boolean descending) {
		List<String> uuids = new ArrayList<>();
		String marker = null;
		while (true) {
			String uri = first + (marker == null ? "" : "&marker={m}");
			EntityExchangeResult<byte[]> result = (marker == null ? client.get().uri(uri)
					: client.get().uri(uri, "{\"uuid\":\"" + marker + "\"}"))
				.exchange()
				.expectStatus().isOk()
				.expectBody().returnResult();
			JsonNode page = json.readTree(result.getResponseBody());
			if (page.isEmpty()) {
				return uuids;
			}
			page.forEach(vm -> uuids.add(vm.path("uuid").asString()));
			marker = uuids.get(uuids.size() - 1);
			assertThat(uuids.size()).as("paging must end").isLessThan(1_000_000);
		}
	}

}
