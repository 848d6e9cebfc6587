package io.containermonitor.forwarder.sink;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.discovery.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The buffer and retry policy with a store that can be switched off (an in-memory {@link SinkWriter}). */
class SinkWorkerTests {

	private static final Target TARGET = new Target(UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01"), "web01",
			null, List.of(), URI.create("https://x/metrics"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SwitchableStore store = new SwitchableStore();

	private SinkWorker worker;

	@AfterEach
	void stop() {
		if (worker != null) {
			worker.stop();
		}
	}

	@Test
	void aFailingStoreGetsEverythingInOrderOnceItIsBack() {
		worker = start(100, Duration.ofHours(1));
		store.up.set(false);
		worker.offer(samples(0, 30));
		await().atMost(Duration.ofSeconds(5)).until(() -> !worker.state().up());
		worker.offer(samples(30, 60));
		assertThat(worker.state().buffered()).isEqualTo(60);
		store.up.set(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.values().size() == 60);
		assertThat(store.values()).containsExactlyElementsOf(range(0, 60));
		assertThat(worker.state().up()).isTrue();
		assertThat(registry.get("cmon.forwarder.sink.samples.written").counter().count()).isEqualTo(60);
	}

	@Test
	void overflowDropsTheOldestAndCountsThem() {
		worker = start(50, Duration.ofHours(1));
		store.up.set(false);
		worker.offer(samples(0, 10));
		await().atMost(Duration.ofSeconds(5)).until(() -> !worker.state().up());
		worker.offer(samples(10, 100));
		store.up.set(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.state().buffered() == 0);
		// The batch in hand (0..9) is kept; the queue behind it keeps the newest 50.
		assertThat(store.values()).containsExactlyElementsOf(concat(range(0, 10), range(50, 100)));
		assertThat(registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "overflow").counter().count())
			.isEqualTo(40);
	}

	@Test
	void samplesOlderThanTheAgeLimitAreDroppedNotWritten() {
		worker = start(100, Duration.ofMinutes(5));
		long old = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
		List<ForwardedSample> batch = new ArrayList<>(samples(0, 5));
		batch.add(new ForwardedSample(TARGET, "m", Map.of(), 99, old));
		worker.offer(batch);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.values().size() == 5);
		assertThat(store.values()).containsExactlyElementsOf(range(0, 5));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "age").counter().count() == 1);
	}

	@Test
	void aBatchTheStoreRefusesForGoodIsDroppedAndTheNextOneGoesThrough() {
		worker = start(100, Duration.ofHours(1));
		store.refuseNext.set(true);
		worker.offer(samples(0, 3));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "rejected").counter().count() == 3);
		worker.offer(samples(3, 6));
		await().atMost(Duration.ofSeconds(5)).until(() -> store.values().size() == 3);
		assertThat(store.values()).containsExactlyElementsOf(range(3, 6));
	}

	private SinkWorker start(int capacity, Duration maxAge) {
		SinkWorker started = new SinkWorker(store,
				new ForwarderProperties.Buffer(capacity, maxAge, 10, Duration.ofMillis(20), Duration.ofMillis(100),
						Duration.ofSeconds(1)),
				registry, Clock.systemUTC());
		started.start();
		return started;
	}

	private static List<ForwardedSample> samples(int from, int to) {
		long now = System.currentTimeMillis();
		List<ForwardedSample> samples = new ArrayList<>();
		for (int i = from; i < to; i++) {
			samples.add(new ForwardedSample(TARGET, "m", Map.of(), i, now));
		}
		return samples;
	}

	private static List<Double> range(int from, int to) {
		List<Double> values = new ArrayList<>();
		for (int i = from; i < to; i++) {
			values.add((double) i);
		}
		return values;
	}

	private static List<Double> concat(List<Double> a, List<Double> b) {
		List<Double> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/** A store in memory that can be down, or refuse one batch for good. */
	private static final class SwitchableStore implements SinkWriter {

		final AtomicBoolean up = new AtomicBoolean(true);

		final AtomicBoolean refuseNext = new AtomicBoolean();

		private final List<Double> values = new CopyOnWriteArrayList<>();

		@Override
		public String name() {
			return "memory";
		}

		@Override
		public String destination() {
			return "memory";
		}

		@Override
		public int write(List<ForwardedSample> batch) throws IOException {
			if (!up.get()) {
				throw new IOException("store is down");
			}
			if (refuseNext.getAndSet(false)) {
				throw new RejectedBatchException("bad batch");
			}
			batch.forEach(sample -> values.add(sample.value()));
			return batch.size();
		}

		List<Double> values() {
			return List.copyOf(values);
		}

	}

}
