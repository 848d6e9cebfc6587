package io.containermonitor.discovery.web;

import java.net.URI;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.hamcrest.Matchers.containsString;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DiscoverEndpointTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Inventory inventory;

	private WebTestClient client;

	private final UUID alice = UUID.randomUUID();

	private final UUID bob = UUID.randomUUID();

	private final UUID node = UUID.randomUUID();

	private Vm web;

	private Vm db;

	private Vm plain;

	@BeforeEach
	void fill() {
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		web = TestVms.running(alice, node, "web01", "web");
		db = TestVms.running(alice, node, "db01", "db,backup", Vm.SMARTDC_ROLE_TAG + "=moray");
		plain = TestVms.running(alice, node, null);
		inventory.putVm(web);
		inventory.putVm(db);
		inventory.putVm(plain);
		inventory.putVm(TestVms.vm(alice, node, "stopped01", VmState.STOPPED, "web"));
		inventory.putVm(TestVms.running(alice, node, "nat", Vm.SMARTDC_ROLE_TAG + "=nat"));
		inventory.putVm(TestVms.running(alice, null, "unallocated"));
		inventory.putVm(TestVms.running(bob, node, "bobs", "web"));
		inventory.putServer(new Server(node, "node-" + node, "10.0.0.7", 9163, ServerStatus.RUNNING, false));
	}

	@Test
	void withoutProxyTokenIs401() {
		client.get().uri("/v1/discover").header(TrustedAccountResolver.ACCOUNT_UUID_HEADER, alice.toString())
			.header(TrustedAccountResolver.ACCOUNT_LOGIN_HEADER, "alice")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.code").isEqualTo("Unauthorized").jsonPath("$.message").isNotEmpty();
	}

	@Test
	void wrongProxyTokenIs401() {
		as(alice, "alice", false).get().uri("/v1/discover").header(TrustedAccountResolver.PROXY_TOKEN_HEADER, "nope")
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void tokenWithoutAccountIs401() {
		client.get().uri("/v1/discover").header(TrustedAccountResolver.PROXY_TOKEN_HEADER, "test-proxy-token")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.message").value(containsString("X-Cmon-Account-Uuid"));
	}

	@Test
	void listsOnlyTheCallersRunningAllocatedNonNatVms() {
		as(alice, "alice", false).get().uri("/v1/discover").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.containers.length()").isEqualTo(3)
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_alias".formatted(web.uuid())).isEqualTo("web01")
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].groups[0]".formatted(web.uuid())).isEqualTo("web")
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_brand".formatted(web.uuid())).isEqualTo("lx")
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_image_uuid".formatted(web.uuid())).isEqualTo(web.imageUuid().toString())
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].server_uuid".formatted(web.uuid())).isEqualTo(node.toString())
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_owner_uuid".formatted(web.uuid())).isEqualTo(alice.toString())
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_state".formatted(web.uuid())).isEqualTo("running")
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].has_core_tag".formatted(web.uuid())).isEqualTo(false)
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].has_core_tag".formatted(db.uuid())).isEqualTo(true)
			.jsonPath("$.containers[0].cached_date").isNumber()
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].groups.length()".formatted(plain.uuid())).isEqualTo(0)
			.jsonPath("$.containers[?(@.vm_uuid == '%s')].vm_alias".formatted(plain.uuid())).doesNotExist();
	}

	@Test
	void groupsFilterWithOrSemantics() {
		as(alice, "alice", false).get()
			// As Prometheus sends it: the comma encoded.
			.uri(URI.create("http://127.0.0.1:" + port + "/v1/discover?groups=web%2Cbackup")).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.containers.length()").isEqualTo(2)
			.jsonPath("$.containers[?(@.vm_uuid == '%s')]".formatted(web.uuid())).exists()
			.jsonPath("$.containers[?(@.vm_uuid == '%s')]".formatted(db.uuid())).exists();
	}

	@Test
	void badGroupsIs400() {
		as(alice, "alice", false).get().uri("/v1/discover?groups=a b").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("BadRequestError")
			.jsonPath("$.message").value(containsString("invalid \"groups\":"));
	}

	@Test
	void accountWithoutVmsGetsAnEmptyList() {
		as(UUID.randomUUID(), "nobody", false).get().uri("/v1/discover").exchange()
			.expectStatus().isOk()
			.expectBody().json("{\"containers\":[]}");
	}

	@Test
	void computeNodeDiscoveryIsForOperatorsOnly() {
		as(alice, "alice", false).get().uri("/v1/gz/discover").exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.code").isEqualTo("Forbidden");
		as(UUID.randomUUID(), "admin", true).get().uri("/v1/gz/discover").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.cns[?(@.server_uuid == '%s')].server_hostname".formatted(node)).isEqualTo("node-" + node);
	}

	@Test
	void httpSdHasTritonSdTargetsAndLabels() {
		as(alice, "alice", false).get().uri("/v1/http_sd?groups=web").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].targets[0]").isEqualTo(web.uuid() + ".cmon.test:9163")
			.jsonPath("$[0].labels.__meta_triton_machine_id").isEqualTo(web.uuid().toString())
			.jsonPath("$[0].labels.__meta_triton_machine_alias").isEqualTo("web01")
			.jsonPath("$[0].labels.__meta_triton_machine_brand").isEqualTo("lx")
			.jsonPath("$[0].labels.__meta_triton_machine_image").isEqualTo(web.imageUuid().toString())
			.jsonPath("$[0].labels.__meta_triton_server_id").isEqualTo(node.toString())
			.jsonPath("$[0].labels.__meta_triton_groups").isEqualTo(",web,");
	}

	@Test
	void httpSdHasASecondTargetForADeclaredApplication() {
		Vm app = TestVms.running(alice, node, "app01", "apps", "triton.cmon.app-port=9090");
		inventory.putVm(app);
		as(alice, "alice", false).get().uri("/v1/http_sd?groups=apps").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].targets[0]").isEqualTo(app.uuid() + ".cmon.test:9163")
			.jsonPath("$[0].labels.__metrics_path__").doesNotExist()
			.jsonPath("$[0].labels.cmon_metrics").doesNotExist()
			.jsonPath("$[0].labels.__meta_cmon_metrics").isEqualTo("container")
			.jsonPath("$[1].targets[0]").isEqualTo(app.uuid() + ".cmon.test:9163")
			.jsonPath("$[1].labels.__metrics_path__").isEqualTo("/app/metrics")
			.jsonPath("$[1].labels.cmon_metrics").isEqualTo("app")
			.jsonPath("$[1].labels.__meta_cmon_metrics").isEqualTo("app")
			.jsonPath("$[1].labels.__meta_triton_machine_alias").isEqualTo("app01")
			.jsonPath("$[1].labels.__meta_triton_groups").isEqualTo(",apps,");
	}

	@Test
	void httpSdHasNoApplicationTargetForAMalformedDeclaration() {
		inventory.putVm(TestVms.running(alice, node, "bad01", "badapps", "triton.cmon.app-port=http"));
		as(alice, "alice", false).get().uri("/v1/http_sd?groups=badapps").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void computeNodeHttpSdIsForOperatorsOnly() {
		as(alice, "alice", false).get().uri("/v1/gz/http_sd").exchange().expectStatus().isForbidden();
		as(UUID.randomUUID(), "admin", true).get().uri("/v1/gz/http_sd").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[?(@.labels.__meta_triton_machine_id == '%s')].targets[0]".formatted(node))
			.isEqualTo(node + ".cmon.test:9163");
	}

	@Test
	void unknownPathIs404WithAJsonBody() {
		client.get().uri("/v2/discover").exchange()
			.expectStatus().isNotFound()
			.expectBody().json("{\"code\":\"ResourceNotFound\",\"message\":\"/v2/discover does not exist\"}");
	}

	private WebTestClient as(UUID account, String login, boolean operator) {
		return client.mutate()
			.defaultHeader(TrustedAccountResolver.PROXY_TOKEN_HEADER, "test-proxy-token")
			.defaultHeader(TrustedAccountResolver.ACCOUNT_UUID_HEADER, account.toString())
			.defaultHeader(TrustedAccountResolver.ACCOUNT_LOGIN_HEADER, login)
			.defaultHeader(TrustedAccountResolver.ACCOUNT_OPERATOR_HEADER, Boolean.toString(operator))
			.build();
	}

}
