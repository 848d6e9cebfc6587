package io.containermonitor.forwarder.sink.remotewrite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.SinkWorker;
import io.containermonitor.forwarder.stores.PrometheusServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.INSTANCE;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.SERVER;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.VM;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.sample;
import static io.containermonitor.forwarder.stores.PrometheusServer.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The remote-write sink against a real Prometheus 2.42 with its remote-write receiver,
 * read back through Prometheus' own HTTP API: labels, values and millisecond
 * timestamps exact; an outage buffered and replayed; a batch Prometheus refuses (400,
 * out-of-order samples) dropped and counted while the next ones arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class RemoteWritePrometheusTests {

	private Path dir;

	private PrometheusServer prometheus;

	private SimpleMeterRegistry registry;

	private SinkWorker worker;

	@BeforeAll
	void startPrometheus() throws Exception {
		dir = Files.createTempDirectory("remote-write-prometheus");
		prometheus = new PrometheusServer(dir);
	}

	@AfterAll
	void stopPrometheus() throws Exception {
		prometheus.close();
		FileSystemUtils.deleteRecursively(dir);
	}

	@BeforeEach
	void newRegistry() {
		registry = new SimpleMeterRegistry();
	}

	@AfterEach
	void stopWorker() {
		if (worker != null) {
			worker.stop();
		}
	}

	@Test
	void seriesArriveLabelledAsPrometheusWouldSendThemWithExactValuesAndTimestamps() throws Exception {
		long t0 = System.currentTimeMillis() - 60_000;
		List<ForwardedSample> batch = List.of(
				sample("rw_exact_bytes_total", Map.of("interface", "net0"), 1000, t0),
				sample("rw_exact_bytes_total", Map.of("interface", "net0"), 1500.5, t0 + 1001),
				sample("rw_exact_bytes_total", Map.of("interface", "net1", "empty", ""), 1.23456789012e15, t0),
				sample("rw_exact_load", Map.of("job", "app", "instance", "inner:80"), -3.25, t0 + 7));
		int written = RemoteWriteFixtures
			.writer(prometheus.writeUrl(), Map.of("region", "us-east-1", "job", "not-this-one"), 1, 1000, null,
					RemoteWriteFixtures.NO_AUTH, null)
			.write(batch);
		assertThat(written).isEqualTo(4);

		Map<Map<String, String>, TreeMap<Long, Double>> stored = prometheus.samples("{__name__=~\"rw_exact_.*\"}",
				Duration.ofMinutes(10));
		String[] identity = { "job", "cmon", "instance", INSTANCE, "vm_uuid", VM.toString(), "vm_alias", "web01",
				"server_uuid", SERVER, "groups", "web,db", "region", "us-east-1" };
		assertThat(stored).containsOnlyKeys(with(identity, "__name__", "rw_exact_bytes_total", "interface", "net0"),
				with(identity, "__name__", "rw_exact_bytes_total", "interface", "net1"),
				with(identity, "__name__", "rw_exact_load", "exported_job", "app", "exported_instance", "inner:80"));
		assertThat(stored.get(with(identity, "__name__", "rw_exact_bytes_total", "interface", "net0")))
			.containsExactly(Map.entry(t0, 1000.0), Map.entry(t0 + 1001, 1500.5));
		assertThat(stored.get(with(identity, "__name__", "rw_exact_bytes_total", "interface", "net1")))
			.containsExactly(Map.entry(t0, 1.23456789012e15));
		assertThat(stored.get(with(identity, "__name__", "rw_exact_load", "exported_job", "app", "exported_instance",
				"inner:80")))
			.containsExactly(Map.entry(t0 + 7, -3.25));
	}

	@Test
	void aReceiverDownForAWhileGetsEverySampleOnceItIsBack() throws Exception {
		worker = new SinkWorker(RemoteWriteFixtures.writer(prometheus.writeUrl()), RemoteWriteFixtures.buffer(10_000, 100),
				registry, Clock.systemUTC());
		worker.start();
		long t0 = System.currentTimeMillis();
		worker.offer(sequence("rw_outage_sequence", 0, 5, t0));
		await().atMost(Duration.ofSeconds(20)).until(() -> stored("rw_outage_sequence").size() == 5);

		prometheus.stop();
		try {
			worker.offer(sequence("rw_outage_sequence", 5, 10, t0));
			await().atMost(Duration.ofSeconds(20)).until(() -> !worker.state().up());
			Thread.sleep(1500);
			worker.offer(sequence("rw_outage_sequence", 10, 15, t0));
			assertThat(worker.state().buffered()).isEqualTo(10);
		}
		finally {
			prometheus.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> stored("rw_outage_sequence").size() == 15);
		TreeMap<Long, Double> expected = new TreeMap<>();
		for (int i = 0; i < 15; i++) {
			expected.put(t0 + i * 1000L, (double) i);
		}
		assertThat(stored("rw_outage_sequence")).isEqualTo(expected);
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.state().up());
		assertThat(registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "overflow").counter().count())
			.isZero();
		assertThat(registry.get("cmon.forwarder.sink.samples.written").counter().count()).isEqualTo(15);
	}

	@Test
	void aBatchPrometheusRefusesIsDroppedAndCountedAndTheNextOnesAreDelivered(CapturedOutput output) throws Exception {
		worker = new SinkWorker(RemoteWriteFixtures.writer(prometheus.writeUrl()), RemoteWriteFixtures.buffer(10_000, 100),
				registry, Clock.systemUTC());
		worker.start();
		long t0 = System.currentTimeMillis();
		worker.offer(sequence("rw_refused_sequence", 0, 3, t0));
		await().atMost(Duration.ofSeconds(20)).until(() -> stored("rw_refused_sequence").size() == 3);

		// Older than what Prometheus holds for the series: out of order, refused with 400 twice in a row.
		worker.offer(List.of(sample("rw_refused_sequence", Map.of(), 99, t0 - 5000)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "rejected").counter().count() == 1);
		worker.offer(List.of(sample("rw_refused_sequence", Map.of(), 98, t0 - 4000)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "rejected").counter().count() == 2);
		worker.offer(sequence("rw_refused_sequence", 3, 6, t0));
		await().atMost(Duration.ofSeconds(20)).until(() -> stored("rw_refused_sequence").size() == 6);

		assertThat(stored("rw_refused_sequence").keySet()).doesNotContain(t0 - 5000, t0 - 4000)
			.containsExactly(t0, t0 + 1000, t0 + 2000, t0 + 3000, t0 + 4000, t0 + 5000);
		assertThat(worker.state().up()).isTrue();
		// The reason is logged once; the second refusal of the same kind is only counted.
		assertThat(output.getAll().split("refused 1 samples for good", -1)).hasSize(2);
		assertThat(output.getAll()).contains("(HTTP 400;").contains("out of order sample");
	}

	private TreeMap<Long, Double> stored(String name) throws Exception {
		Map<Map<String, String>, TreeMap<Long, Double>> series = prometheus.samples(name, Duration.ofMinutes(10));
		return series.isEmpty() ? new TreeMap<>() : series.values().iterator().next();
	}

	private static List<ForwardedSample> sequence(String name, int from, int to, long t0) {
		List<ForwardedSample> samples = new ArrayList<>();
		for (int i = from; i < to; i++) {
			samples.add(sample(name, Map.of(), i, t0 + i * 1000L));
		}
		return samples;
	}

	private static Map<String, String> with(String[] identity, String... more) {
		String[] all = new String[identity.length + more.length];
		System.arraycopy(identity, 0, all, 0, identity.length);
		System.arraycopy(more, 0, all, identity.length, more.length);
		return labels(all);
	}

}
