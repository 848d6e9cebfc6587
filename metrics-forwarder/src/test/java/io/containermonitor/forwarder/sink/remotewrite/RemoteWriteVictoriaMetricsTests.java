package io.containermonitor.forwarder.sink.remotewrite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.containermonitor.forwarder.stores.VictoriaMetricsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.INSTANCE;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.SERVER;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.VM;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.sample;
import static io.containermonitor.forwarder.stores.PrometheusServer.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The remote-write sink against a real VictoriaMetrics 1.79, read back raw through {@code /api/v1/export}. */
class RemoteWriteVictoriaMetricsTests {

	private Path dir;

	private VictoriaMetricsServer victoria;

	@BeforeEach
	void start() throws Exception {
		dir = Files.createTempDirectory("remote-write-victoria");
		victoria = new VictoriaMetricsServer(dir);
	}

	@AfterEach
	void stop() throws Exception {
		victoria.close();
		FileSystemUtils.deleteRecursively(dir);
	}

	@Test
	void seriesArriveWithTheirLabelsExactValuesAndTimestampsThroughTwoShards() throws Exception {
		long t0 = System.currentTimeMillis() - 120_000;
		int written = RemoteWriteFixtures
			.writer(victoria.writeUrl(), Map.of("region", "eu-west"), 2, 2, null, RemoteWriteFixtures.NO_AUTH, null)
			.write(List.of(sample("vm_exact_bytes_total", Map.of("interface", "net0"), 1000, t0),
					sample("vm_exact_bytes_total", Map.of("interface", "net0"), 1500.5, t0 + 1001),
					sample("vm_exact_bytes_total", Map.of("interface", "net0"), 1700, t0 + 2002),
					sample("vm_exact_bytes_total", Map.of("interface", "net1"), 42, t0 + 3),
					sample("vm_exact_load", Map.of("vm_uuid", "spoofed"), 0.125, t0 + 5)));
		assertThat(written).isEqualTo(5);

		String[] identity = { "job", "cmon", "instance", INSTANCE, "vm_uuid", VM.toString(), "vm_alias", "web01",
				"server_uuid", SERVER, "groups", "web,db", "region", "eu-west" };
		Map<String, String> net0 = with(identity, "__name__", "vm_exact_bytes_total", "interface", "net0");
		Map<String, String> net1 = with(identity, "__name__", "vm_exact_bytes_total", "interface", "net1");
		Map<String, String> load = with(identity, "__name__", "vm_exact_load", "exported_vm_uuid", "spoofed");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(victoria.export("{__name__=~\"vm_exact_.*\"}")).containsOnlyKeys(net0, net1, load));
		Map<Map<String, String>, TreeMap<Long, Double>> stored = victoria.export("{__name__=~\"vm_exact_.*\"}");
		assertThat(stored.get(net0)).containsExactly(Map.entry(t0, 1000.0), Map.entry(t0 + 1001, 1500.5),
				Map.entry(t0 + 2002, 1700.0));
		assertThat(stored.get(net1)).containsExactly(Map.entry(t0 + 3, 42.0));
		assertThat(stored.get(load)).containsExactly(Map.entry(t0 + 5, 0.125));
	}

	private static Map<String, String> with(String[] identity, String... more) {
		String[] all = new String[identity.length + more.length];
		System.arraycopy(identity, 0, all, 0, identity.length);
		System.arraycopy(more, 0, all, identity.length, more.length);
		return labels(all);
	}

}
