package io.containermonitor.core.triton.changefeed;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeFeedPublisherTests {

	private final ChangeFeedPublisher publisher = new ChangeFeedPublisher(ChangeFeedResource.VMAPI_VM);

	private final ChangeFeedCodec codec = new ChangeFeedCodec(JsonMapper.shared());

	private static ChangeItem item(String uuid, String... subResources) {
		return new ChangeItem("vm", List.of(subResources), uuid, null, "1711547200123");
	}

	@Test
	void bootstrapThenOnlySubscribedItemsOnceEach() {
		Sinks.Many<String> inbound = Sinks.many().unicast().onBackpressureBuffer();
		inbound.tryEmitNext(codec.registration(UUID.randomUUID(), "test", "vm", List.of("state", "destroyed")));
		StepVerifier.create(publisher.session(inbound.asFlux()))
			.assertNext(frame -> assertThat(((ChangeFeedPublisher.Frame.Text) frame).payload())
				.contains("\"bootstrapRoute\":\"/vms\"")
				.contains("\"resource\":\"vm\""))
			.then(() -> {
				inbound.tryEmitNext("heartbeat");
				publisher.publish(item("u1", "alias"));
				publisher.publish(item("u2", "state", "state", "zone_state"));
			})
			.assertNext(frame -> assertThat(((ChangeFeedPublisher.Frame.Text) frame).payload())
				.contains("\"changedResourceId\":\"u2\"")
				.contains("\"published\":\"1711547200123\""))
			.then(inbound::tryEmitComplete)
			.verifyComplete();
		assertThat(publisher.listenerCount()).as("a listener that left is deregistered").isZero();
	}

	@Test
	void unknownResourceIsClosedWithTheReason() {
		Sinks.Many<String> inbound = Sinks.many().unicast().onBackpressureBuffer();
		inbound.tryEmitNext(codec.registration(UUID.randomUUID(), "test", "foo", List.of("state", "destroyed")));
		StepVerifier.create(publisher.session(inbound.asFlux()))
			.expectNext(new ChangeFeedPublisher.Frame.Close(1000, "unknown resource: foo"))
			.then(inbound::tryEmitComplete)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void nonJsonRegistrationIsClosed() {
		Sinks.Many<String> inbound = Sinks.many().unicast().onBackpressureBuffer();
		inbound.tryEmitNext("{\"instance\":1}");
		StepVerifier.create(publisher.session(inbound.asFlux()))
			.expectNext(new ChangeFeedPublisher.Frame.Close(1000, "failed to parse v1 registration payload"))
			.then(inbound::tryEmitComplete)
			.verifyComplete();
	}

	@Test
	void resourcesIsAnObjectKeyedByName() {
		assertThat(publisher.resources().get("vm").get("bootstrapRoute").asString()).isEqualTo("/vms");
		assertThat(publisher.resources().get("vm").get("subResources")).hasSize(9);
	}

	@Test
	void backoffDoublesFromTwoToTenSeconds() {
		ChangeFeedSettings settings = new ChangeFeedSettings(UUID.randomUUID(), "s", "vm", List.of("state", "destroyed"),
				Duration.ofSeconds(28), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2),
				Duration.ofSeconds(10));
		assertThat(List.of(settings.backoff(0), settings.backoff(1), settings.backoff(2), settings.backoff(3),
				settings.backoff(50)))
			.containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10),
					Duration.ofSeconds(10));
	}

}
