package io.containermonitor.discovery.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with the real Prometheus: {@code triton_sd_configs} (all groups, and
 * {@code groups: [web]}) and {@code http_sd_configs} reach discovery over TLS with a client
 * certificate, through a stand-in for metric-proxy; Prometheus' own {@code /api/v1/targets}
 * must show exactly the account's running VMs with Triton SD's labels, and drop a removed VM
 * at its next refresh.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PrometheusDiscoveryTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private Inventory inventory;

	@TempDir
	private Path dir;

	@Test
	void prometheusDiscoversTheAccountsRunningVmsAndForgetsARemovedOne() throws Exception {
		assertThat(PrometheusServer.BINARY).as("the prometheus Debian package (apt-get install prometheus)")
			.isExecutable();
		UUID alice = UUID.randomUUID();
		UUID node = UUID.randomUUID();
		Vm web = TestVms.running(alice, node, "web01", "web");
		Vm db = TestVms.running(alice, node, "db01", "db,backup");
		inventory.putVm(web);
		inventory.putVm(db);
		inventory.putVm(TestVms.vm(alice, node, "stopped01", VmState.STOPPED, "web"));
		inventory.putVm(TestVms.running(alice, node, "nat01", Vm.SMARTDC_ROLE_TAG + "=nat"));
		inventory.putVm(TestVms.running(UUID.randomUUID(), node, "someone-elses", "web"));
		inventory.putServer(new Server(node, "cn-" + node.toString().substring(0, 8), "10.0.0.9", 9163,
				ServerStatus.RUNNING, false));

		TestPki pki = new TestPki();
		TestPki.Issued client = pki.client("alice");
		TestPki.writeCertificate(pki.ca(), dir.resolve("ca.pem"));
		TestPki.writeCertificate(client.certificate(), dir.resolve("client.pem"));
		TestPki.writeKey(client.key(), dir.resolve("client-key.pem"));
		TestPki.Issued operator = pki.client("admin");
		TestPki.writeCertificate(operator.certificate(), dir.resolve("admin.pem"));
		TestPki.writeKey(operator.key(), dir.resolve("admin-key.pem"));
		Files.createDirectories(dir.resolve("data"));

		try (ProxyStandIn proxy = new ProxyStandIn(pki.serverContext(pki.server()), "http://127.0.0.1:" + port,
				"test-proxy-token", Map.of("alice", new Account(alice, "alice", false), "admin",
						new Account(UUID.randomUUID(), "admin", true)));
				PrometheusServer prometheus = new PrometheusServer(dir, config(proxy.port()))) {

			List<JsonNode> all = await(prometheus, "triton-all", targets -> targets.size() == 2);
			assertThat(machineIds(all)).containsExactlyInAnyOrder(web.uuid().toString(), db.uuid().toString());
			JsonNode webLabels = byMachine(all, web).path("discoveredLabels");
			assertThat(webLabels.path("__address__").asString()).isEqualTo(web.uuid() + ".cmon.test:" + proxy.port());
			assertThat(webLabels.path("__meta_triton_machine_alias").asString()).isEqualTo("web01");
			assertThat(webLabels.path("__meta_triton_machine_brand").asString()).isEqualTo("lx");
			assertThat(webLabels.path("__meta_triton_machine_image").asString()).isEqualTo(web.imageUuid().toString());
			assertThat(webLabels.path("__meta_triton_server_id").asString()).isEqualTo(node.toString());
			assertThat(webLabels.path("__meta_triton_groups").asString()).isEqualTo(",web,");
			assertThat(byMachine(all, db).path("discoveredLabels").path("__meta_triton_groups").asString())
				.isEqualTo(",db,backup,");

			List<JsonNode> webOnly = await(prometheus, "triton-web", targets -> targets.size() == 1);
			assertThat(machineIds(webOnly)).containsExactly(web.uuid().toString());

			List<JsonNode> httpSd = await(prometheus, "http-sd", targets -> targets.size() == 2);
			assertThat(machineIds(httpSd)).containsExactlyInAnyOrder(web.uuid().toString(), db.uuid().toString());
			JsonNode httpSdWeb = byMachine(httpSd, web).path("discoveredLabels");
			assertThat(httpSdWeb.path("__address__").asString()).isEqualTo(web.uuid() + ".cmon.test:9163");
			assertThat(httpSdWeb.path("__meta_triton_machine_alias").asString()).isEqualTo("web01");
			assertThat(httpSdWeb.path("__meta_triton_groups").asString()).isEqualTo(",web,");

			// Role cn: compute nodes for an operator; nothing for a tenant (403, an empty list to Prometheus).
			List<JsonNode> cns = await(prometheus, "triton-cn-operator",
					targets -> machineIds(targets).contains(node.toString()));
			JsonNode cn = cns.stream()
				.filter(t -> node.toString().equals(t.path("discoveredLabels").path("__meta_triton_machine_id").asString()))
				.findFirst()
				.orElseThrow()
				.path("discoveredLabels");
			assertThat(cn.path("__address__").asString()).isEqualTo(node + ".cmon.test:" + proxy.port());
			assertThat(cn.path("__meta_triton_machine_alias").asString()).isEqualTo("cn-" + node.toString().substring(0, 8));
			Instant refusedBy = Instant.now().plus(PATIENCE);
			while (proxy.answered("alice", "/v1/gz/discover", 403) == 0 && Instant.now().isBefore(refusedBy)) {
				Thread.sleep(100);
			}
			assertThat(proxy.answered("alice", "/v1/gz/discover", 403)).as("the tenant's cn job was refused")
				.isPositive();
			assertThat(prometheus.activeTargets("triton-cn-tenant")).isEmpty();

			inventory.removeVm(web.uuid());

			assertThat(machineIds(await(prometheus, "triton-all", targets -> targets.size() == 1)))
				.containsExactly(db.uuid().toString());
			assertThat(await(prometheus, "triton-web", List::isEmpty)).isEmpty();
			assertThat(machineIds(await(prometheus, "http-sd", targets -> targets.size() == 1)))
				.containsExactly(db.uuid().toString());
		}
	}

	private String config(int proxyPort) {
		String tls = """
				      tls_config:
				        ca_file: %1$s/ca.pem
				        cert_file: %1$s/client.pem
				        key_file: %1$s/client-key.pem
				""".formatted(dir);
		String triton = """
				    triton_sd_configs:
				    - account: alice
				      dns_suffix: cmon.test
				      endpoint: localhost
				      port: %d
				      refresh_interval: 1s
				""".formatted(proxyPort);
		return """
				global:
				  scrape_interval: 1h
				scrape_configs:
				  - job_name: triton-all
				    scheme: https
				""" + triton + tls + """
				  - job_name: triton-web
				    scheme: https
				""" + triton + "      groups: [web]\n" + tls + """
				  - job_name: http-sd
				    http_sd_configs:
				    - url: https://localhost:%d/v1/http_sd
				      refresh_interval: 1s
				""".formatted(proxyPort) + tls + """
				  - job_name: triton-cn-operator
				    scheme: https
				""" + triton.replace("account: alice", "account: admin") + "      role: cn\n"
				+ tls.replace("client.pem", "admin.pem").replace("client-key.pem", "admin-key.pem") + """
				  - job_name: triton-cn-tenant
				    scheme: https
				""" + triton + "      role: cn\n" + tls;
	}

	private static List<JsonNode> await(PrometheusServer prometheus, String job, Predicate<List<JsonNode>> done)
			throws Exception {
		Instant deadline = Instant.now().plus(PATIENCE);
		List<JsonNode> targets = prometheus.activeTargets(job);
		while (!done.test(targets)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("job " + job + " never reached the expected targets; last: " + targets
						+ "\nprometheus log:\n" + prometheus.log());
			}
			Thread.sleep(200);
			targets = prometheus.activeTargets(job);
		}
		return targets;
	}

	private static List<String> machineIds(List<JsonNode> targets) {
		return targets.stream().map(t -> t.path("discoveredLabels").path("__meta_triton_machine_id").asString()).toList();
	}

	private static JsonNode byMachine(List<JsonNode> targets, Vm vm) {
		return targets.stream()
			.filter(t -> vm.uuid().toString().equals(t.path("discoveredLabels").path("__meta_triton_machine_id").asString()))
			.findFirst()
			.orElseThrow();
	}

}
