package io.containermonitor.discovery.standalone;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change-feed listener on the registry's {@code /changefeeds} WebSocket, registered as CNS
 * and CMON register with VMAPI, sees the bootstrap frame and then an item for each VM an agent
 * adds, changes, drops, or leaves behind when its node goes silent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ChangeFeedEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	private WebTestClient client;

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@Test
	void listenerSeesBootstrapThenItemsForAddedChangedRemovedAndOrphanedVms() throws Exception {
		UUID instance = UUID.randomUUID();
		try (Listener listener = new Listener(registration(instance, "vm"))) {
			JsonNode bootstrap = json.readTree(listener.next());
			assertThat(bootstrap.path("resource").asString()).isEqualTo("vm");
			assertThat(bootstrap.path("bootstrapRoute").asString()).isEqualTo("/vms");
			assertThat(bootstrap.path("subResources").size()).isEqualTo(9);
			client.get().uri("/changefeeds/stats").exchange()
				.expectBody().jsonPath("$.registrations[?(@.instance == '%s')].service".formatted(instance))
				.isEqualTo("test");

			UUID owner = UUID.randomUUID();
			TestAgent agent = new TestAgent(client, "feed-node");
			Vm vm = TestVms.running(owner, agent.server, "feed01");
			Vm other = TestVms.running(owner, agent.server, "feed02");

			agent.push(List.of(vm)).expectStatus().isOk();
			JsonNode added = listener.itemFor(vm);
			assertThat(strings(added.path("changeKind").path("subResources"))).contains("uuid", "owner_uuid", "state",
					"server_uuid", "alias");
			assertThat(added.path("changeKind").path("resource").asString()).isEqualTo("vm");
			assertThat(added.path("resourceObject").path("state").asString()).isEqualTo("running");
			assertThat(added.path("resourceObject").path("server_uuid").asString()).isEqualTo(agent.server.toString());
			assertThat(Long.parseLong(added.path("published").asString())).isPositive();

			agent.push(List.of(vm.withState(VmState.STOPPED), other)).expectStatus().isOk();
			JsonNode stopped = listener.itemFor(vm);
			assertThat(strings(stopped.path("changeKind").path("subResources"))).contains("state")
				.doesNotContain("alias", "owner_uuid");
			assertThat(stopped.path("resourceObject").path("state").asString()).isEqualTo("stopped");
			listener.itemFor(other);

			agent.push(List.of(other)).expectStatus().isOk();
			JsonNode destroyed = listener.itemFor(vm);
			assertThat(strings(destroyed.path("changeKind").path("subResources"))).containsExactly("state",
					"zone_state", "destroyed");
			assertThat(destroyed.path("resourceObject").path("state").asString()).isEqualTo("destroyed");

			// The agent goes silent: its VM turns unknown.
			JsonNode orphaned = listener.itemFor(other);
			assertThat(orphaned.path("resourceObject").path("state").asString()).isEqualTo("unknown");
		}
	}

	@Test
	void binaryAndPingFramesFromAListenerNeitherCloseTheSocketNorStopTheFeed() throws Exception {
		try (Listener listener = new Listener(registration(UUID.randomUUID(), "vm"),
				session -> Flux.just(session.binaryMessage(buffers -> buffers.wrap(new byte[] { 1, 2, 3 })),
						session.pingMessage(buffers -> buffers.wrap("cmon".getBytes(StandardCharsets.UTF_8))),
						session.textMessage("heartbeat")))) {
			assertThat(json.readTree(listener.next()).path("resource").asString()).isEqualTo("vm");
			TestAgent agent = new TestAgent(client, "binary-node");
			Vm vm = TestVms.running(UUID.randomUUID(), agent.server, "binary01");
			agent.push(List.of(vm)).expectStatus().isOk();
			assertThat(listener.itemFor(vm).path("resourceObject").path("state").asString()).isEqualTo("running");
			assertThat(listener.closed.asMono().timeout(Duration.ofMillis(300), Mono.empty()).block()).as("close status")
				.isNull();
		}
	}

	@Test
	void unknownResourceIsRefusedWithClose1000AndTheReason() throws Exception {
		try (Listener listener = new Listener(registration(UUID.randomUUID(), "nic"))) {
			CloseStatus status = listener.closed.asMono().block(WAIT);
			assertThat(status).isNotNull();
			assertThat(status.getCode()).isEqualTo(1000);
			assertThat(status.getReason()).isEqualTo("unknown resource: nic");
		}
	}

	@Test
	void probeWithoutUpgradeListsTheResourceKeyedByName() {
		client.get().uri("/changefeeds").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.vm.resource").isEqualTo("vm")
			.jsonPath("$.vm.bootstrapRoute").isEqualTo("/vms")
			.jsonPath("$.vm.subResources.length()").isEqualTo(9);
	}

	private static String registration(UUID instance, String resource) {
		return """
				{"instance":"%s","service":"test","changeKind":{"resource":"%s","subResources":
				["alias","customer_metadata","destroyed","internal_metadata","nics","owner_uuid","server_uuid","state","tags"]}}"""
			.formatted(instance, resource);
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	/** A raw WebSocket listener: sends the registration, queues every text frame, records the close. */
	private final class Listener implements AutoCloseable {

		private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		private final Sinks.One<CloseStatus> closed = Sinks.one();

		private final Disposable connection;

		Listener(String registration) {
			this(registration, session -> Flux.empty());
		}

		/** Sends the registration, then {@code more} (frames a real listener might send). */
		Listener(String registration, Function<WebSocketSession, Flux<WebSocketMessage>> more) {
			connection = new ReactorNettyWebSocketClient()
				.execute(URI.create("ws://127.0.0.1:" + port + "/changefeeds"), session -> {
					session.closeStatus().subscribe(closed::tryEmitValue);
					return session.send(Mono.just(session.textMessage(registration)).concatWith(more.apply(session)))
						.thenMany(session.receive()
							.filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
							.map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add))
						.then();
				})
				.subscribe();
		}

		String next() throws InterruptedException {
			String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(frame).as("a frame within %s", WAIT).isNotNull();
			return frame;
		}

		/** The next item about {@code vm}, skipping other VMs' items (other tests share the registry). */
		JsonNode itemFor(Vm vm) throws InterruptedException {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (System.nanoTime() < deadline) {
				String frame = frames.poll(100, TimeUnit.MILLISECONDS);
				if (frame != null) {
					JsonNode item = json.readTree(frame);
					if (vm.uuid().toString().equals(item.path("changedResourceId").asString())) {
						return item;
					}
				}
			}
			throw new AssertionError("no change item for VM " + vm.uuid() + " within " + WAIT);
		}

		@Override
		public void close() {
			connection.dispose();
		}

	}

}
