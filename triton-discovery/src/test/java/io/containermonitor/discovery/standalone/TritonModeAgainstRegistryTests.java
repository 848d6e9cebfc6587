package io.containermonitor.discovery.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import io.containermonitor.discovery.TritonDiscoveryApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both modes at once: a second discovery in Triton mode (the core's VMAPI and CNAPI clients and
 * change-feed listener, configured only by {@code cmon.triton.*}) follows this standalone
 * registry as if it were VMAPI and CNAPI. What agents push shows up in the Triton-mode
 * discovery: the registry speaks the protocol the rest of the suite reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TritonModeAgainstRegistryTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void tritonModeDiscoveryFollowsAgentsThroughTheRegistrysVmapiAndCnapi() throws Exception {
		WebTestClient registry = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		UUID owner = UUID.randomUUID();
		TestAgent agent = new TestAgent(registry, "triton-mode-node");
		Vm web = TestVms.running(owner, agent.server, "web", "web");
		Vm stopped = TestVms.vm(owner, agent.server, "off", VmState.STOPPED);
		Vm later = TestVms.running(owner, agent.server, "later");
		AtomicReference<List<Vm>> onNode = new AtomicReference<>(List.of(web, stopped));
		ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
		heart.scheduleAtFixedRate(() -> agent.push(onNode.get()), 0, 100, TimeUnit.MILLISECONDS);

		String base = "http://127.0.0.1:" + port;
		try (ConfigurableApplicationContext triton = new SpringApplicationBuilder(TritonDiscoveryApplication.class)
			.properties("server.port=0", "management.server.port=0", "cmon.discovery.proxy-token=triton-token",
					"cmon.triton.vmapi-url=" + base, "cmon.triton.cnapi-url=" + base,
					"cmon.triton.server-poll-interval=500ms")
			.run()) {
			int tritonPort = ((WebServerApplicationContext) triton).getWebServer().getPort();
			WebTestClient discovery = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + tritonPort)
				.defaultHeader("X-Cmon-Proxy-Token", "triton-token")
				.defaultHeader("X-Cmon-Account-Uuid", owner.toString())
				.defaultHeader("X-Cmon-Account-Login", "alice")
				.defaultHeader("X-Cmon-Account-Operator", "true")
				.build();

			await(discovery, "/v1/discover", "containers", "vm_uuid", uuids -> uuids.equals(Set.of(web.uuid().toString())));

			onNode.set(List.of(web, stopped, later));
			await(discovery, "/v1/discover", "containers", "vm_uuid",
					uuids -> uuids.equals(Set.of(web.uuid().toString(), later.uuid().toString())));

			onNode.set(List.of(later));
			await(discovery, "/v1/discover", "containers", "vm_uuid", uuids -> uuids.equals(Set.of(later.uuid().toString())));

			await(discovery, "/v1/gz/discover", "cns", "server_uuid", uuids -> uuids.contains(agent.server.toString()));
		}
		finally {
			heart.shutdownNow();
			heart.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private void await(WebTestClient discovery, String path, String list, String key, Predicate<Set<String>> done)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(PATIENCE);
		Set<String> last = Set.of();
		while (Instant.now().isBefore(deadline)) {
			EntityExchangeResult<byte[]> result = discovery.get().uri(path).exchange().expectBody().returnResult();
			if (result.getStatus().value() == 503) {
				// Not loaded yet: the first VMAPI listing has not completed.
				Thread.sleep(100);
				continue;
			}
			assertThat(result.getStatus().value()).isEqualTo(200);
			last = json.readTree(result.getResponseBody()).path(list).valueStream().map(n -> n.path(key).asString())
				.collect(Collectors.toSet());
			if (done.test(last)) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError(path + " never reached the expected state; last: " + last);
	}

}
