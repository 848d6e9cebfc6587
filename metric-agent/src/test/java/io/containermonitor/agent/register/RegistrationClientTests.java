package io.containermonitor.agent.register;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.NodeIdentity;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import io.containermonitor.agent.container.ContainerInventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration against a real HTTP server on a random port that records requests and can fail first. */
class RegistrationClientTests {

	private static final String SERVER = "11111111-2222-4333-8444-555555555555";

	private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

	private final AtomicInteger failFirst = new AtomicInteger();

	private volatile String answer = "{\"heartbeat_interval_seconds\":60}";

	/** What {@code PUT .../heartbeat} answers. */
	private volatile int heartbeatStatus = 200;

	private HttpServer server;

	private RegistrationClient client;

	@TempDir
	Path root;

	private ContainerInventory inventory;

	record Recorded(long nanos, String method, String path, String authorization, JsonNode body) {
	}

	@BeforeEach
	void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			requests.add(new Recorded(System.nanoTime(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					JsonMapper.builder().build().readTree(new String(body, StandardCharsets.UTF_8))));
			boolean fail = failFirst.getAndDecrement() > 0;
			boolean beat = exchange.getRequestURI().getPath().endsWith("/heartbeat");
			int status = fail ? 503 : beat ? heartbeatStatus : 200;
			byte[] out = (fail ? "{\"code\":\"ServiceUnavailable\"}"
					: status == 409 ? "{\"code\":\"DigestMismatch\",\"message\":\"PUT the full list\"}" : answer)
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, out.length);
			try (OutputStream os = exchange.getResponseBody()) {
				os.write(out);
			}
		});
		server.start();
		Files.writeString(root.resolve("cgroup.controllers"), "cpu memory");
		container("c1");
	}

	@AfterEach
	void stop() {
		if (client != null) {
			client.stop();
		}
		server.stop(0);
	}

	private void container(String name) throws IOException {
		Path dir = Files.createDirectories(root.resolve("pool").resolve(name));
		Files.writeString(dir.resolve("cgroup.procs"), "1\n");
	}

	private RegistrationClient start(String... extra) {
		Map<String, Object> values = new HashMap<>(Map.of("cmon.agent.cgroup-root", root.toString(),
				"cmon.agent.discovery.roots", "/pool", "cmon.agent.registration.url",
				"http://127.0.0.1:" + server.getAddress().getPort() + "/", "cmon.agent.registration.token", "s3cret",
				"cmon.agent.registration.admin-ip", "10.0.0.5"));
		for (int i = 0; i < extra.length; i += 2) {
			values.put(extra[i], extra[i + 1]);
		}
		AgentProperties properties = TestProperties.bind(values);
		inventory = new ContainerInventory(new CgroupV2Layout(root), properties);
		inventory.refresh();
		client = new RegistrationClient(properties, NodeIdentity.from(properties), inventory);
		client.start();
		return client;
	}

	private Recorded next(long seconds) throws InterruptedException {
		Recorded r = requests.poll(seconds, TimeUnit.SECONDS);
		assertThat(r).as("a registration within " + seconds + " s").isNotNull();
		return r;
	}

	@Test
	void registersOnStartWithBearerTokenAndEveryContainer() throws Exception {
		start();
		Recorded r = next(5);
		assertThat(r.method()).isEqualTo("PUT");
		assertThat(r.path()).isEqualTo("/v1/registry/servers/" + SERVER);
		assertThat(r.authorization()).isEqualTo("Bearer s3cret");
		assertThat(r.body().get("hostname").asString()).isEqualTo("node1");
		assertThat(r.body().get("admin_ip").asString()).isEqualTo("10.0.0.5");
		assertThat(r.body().get("agent_port").asInt()).isEqualTo(9163);
		JsonNode vm = r.body().get("vms").get(0);
		assertThat(r.body().get("vms").size()).isEqualTo(1);
		assertThat(vm.get("uuid").asString()).isEqualTo(inventory.all().iterator().next().vmUuid().toString());
		assertThat(vm.get("alias").asString()).isEqualTo("c1");
		assertThat(vm.get("server_uuid").asString()).isEqualTo(SERVER);
		assertThat(vm.get("owner_uuid").asString()).isEqualTo("00000000-0000-0000-0000-000000000000");
		assertThat(vm.get("state").asString()).isEqualTo("running");
		assertThat(vm.get("brand").asString()).isEqualTo("linux");
	}

	@Test
	void retriesWithExponentialBackoffWhileDiscoveryIsDown() throws Exception {
		failFirst.set(4);
		start("cmon.agent.registration.initial-backoff", "100ms", "cmon.agent.registration.max-backoff", "400ms");
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			times.add(next(5).nanos());
		}
		long[] expectedMillis = { 100, 200, 400, 400 };
		for (int i = 0; i < expectedMillis.length; i++) {
			long gap = TimeUnit.NANOSECONDS.toMillis(times.get(i + 1) - times.get(i));
			assertThat(gap).as("retry " + (i + 1)).isBetween(expectedMillis[i] - 20, expectedMillis[i] + 1500);
		}
		assertThat(requests.poll(300, TimeUnit.MILLISECONDS)).as("no retry after success").isNull();
	}

	@Test
	void theServersHeartbeatIntervalWins() throws Exception {
		answer = "{\"heartbeat_interval_seconds\":1}";
		start("cmon.agent.registration.heartbeat-interval", "60s");
		long first = next(5).nanos();
		long second = next(5).nanos();
		assertThat(TimeUnit.NANOSECONDS.toMillis(second - first)).isBetween(900L, 3000L);
		assertThat(client.heartbeatInterval()).hasSeconds(1);
	}

	@Test
	void aChangedContainerListIsPushedPromptly() throws Exception {
		start();
		next(5);
		container("c2");
		inventory.refresh();
		Recorded r = next(3);
		assertThat(r.body().get("vms").size()).isEqualTo(2);
	}

	@Test
	void aServerWithoutDigestsGetsTheFullListEveryHeartbeat() throws Exception {
		answer = "{\"heartbeat_interval_seconds\":1}";
		start();
		next(5);
		Recorded r = next(5);
		assertThat(r.path()).isEqualTo("/v1/registry/servers/" + SERVER);
		assertThat(r.body().get("vms").size()).isEqualTo(1);
	}

	@Test
	void heartbeatsSendOnlyTheDigestWhileTheListIsUnchanged() throws Exception {
		String digest = "ab".repeat(32);
		answer = "{\"heartbeat_interval_seconds\":1,\"vms_digest\":\"" + digest + "\"}";
		start();
		assertThat(next(5).body().has("vms")).isTrue();
		Recorded beat = next(5);
		assertThat(beat.path()).isEqualTo("/v1/registry/servers/" + SERVER + "/heartbeat");
		assertThat(beat.authorization()).isEqualTo("Bearer s3cret");
		assertThat(beat.body().get("vms_digest").asString()).isEqualTo(digest);
		assertThat(beat.body().has("vms")).isFalse();
		// A change sends the full list at once, whatever digest the server holds.
		container("c2");
		inventory.refresh();
		Recorded changed = next(3);
		assertThat(changed.path()).isEqualTo("/v1/registry/servers/" + SERVER);
		assertThat(changed.body().get("vms").size()).isEqualTo(2);
	}

	@Test
	void aHeartbeatTheServerCannotTakeIsFollowedByTheFullListAtOnce() throws Exception {
		answer = "{\"heartbeat_interval_seconds\":1,\"vms_digest\":\"" + "cd".repeat(32) + "\"}";
		heartbeatStatus = 409;
		start();
		next(5);
		Recorded beat = next(5);
		assertThat(beat.path()).endsWith("/heartbeat");
		Recorded full = next(1);
		assertThat(TimeUnit.NANOSECONDS.toMillis(full.nanos() - beat.nanos())).isLessThan(500);
		assertThat(full.path()).isEqualTo("/v1/registry/servers/" + SERVER);
		assertThat(full.body().get("vms").size()).isEqualTo(1);
	}

}
