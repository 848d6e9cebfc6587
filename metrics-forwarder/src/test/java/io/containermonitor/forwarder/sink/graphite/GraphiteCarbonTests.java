package io.containermonitor.forwarder.sink.graphite;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.GraphiteFormat;
import io.containermonitor.forwarder.ForwarderProperties.GraphiteProtocol;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.stores.CarbonCacheServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Graphite options the end-to-end test does not use, into one real carbon-cache
 * with tags enabled: tagged series ({@code name;tag=value}) and the pickle protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphiteCarbonTests {

	private static final Target TARGET = new Target(UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01"), "web.01",
			"44454c4c-3200-1048-8053-b3c04f383432", List.of("web"), URI.create("https://x/metrics"));

	private CarbonCacheServer carbon;

	@BeforeAll
	void start(@TempDir Path dir) throws Exception {
		carbon = new CarbonCacheServer(dir, true);
	}

	@AfterAll
	void stop() {
		carbon.close();
	}

	@Test
	void carbonStoresATaggedSeriesUnderItsTaggedName() throws Exception {
		writer(carbon.port(), GraphiteProtocol.PLAINTEXT, GraphiteFormat.TAGGED)
			.write(List.of(new ForwardedSample(TARGET, "net_agg_bytes_in", Map.of("path", "a b,c\"d.e\nf"), 42,
					System.currentTimeMillis())));
		String name = "net_agg_bytes_in;groups=web;path=a%20b%2Cc%22d%2Ee%0Af;"
				+ "server_uuid=44454c4c-3200-1048-8053-b3c04f383432;vm_alias=web%2E01;"
				+ "vm_uuid=5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01";
		// carbon files a long tagged series under the SHA-256 of its normalized name (tags sorted, as we send
		// them): the path proves carbon read exactly this series.
		String hash = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
		String file = "_tagged/" + hash.substring(0, 3) + "/" + hash.substring(3, 6) + "/" + hash + ".wsp";
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(carbon.files()).contains(file));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(carbon.fetchFile(file, Duration.ofMinutes(5)).values()).containsExactly(42.0));
	}

	@Test
	void thePickleProtocolDeliversEveryPointOfABatch() throws Exception {
		long now = System.currentTimeMillis();
		int written = writer(carbon.picklePort(), GraphiteProtocol.PICKLE, GraphiteFormat.PATH).write(List.of(
				new ForwardedSample(TARGET, "pickled", Map.of("path", "a b,c\"d.e\nf"), 0.25, now - 2000),
				new ForwardedSample(TARGET, "pickled", Map.of("path", "a b,c\"d.e\nf"), 1e16, now - 1000),
				new ForwardedSample(TARGET, "pickled", Map.of("path", "plain"), -7, now),
				new ForwardedSample(TARGET, "pickled", Map.of("path", "plain"), Double.NaN, now)));
		assertThat(written).isEqualTo(3);
		String awkward = "cmon.web%2E01.pickled.path.a%20b%2Cc%22d%2Ee%0Af";
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(carbon.fetch(awkward, Duration.ofMinutes(5))).containsExactly(
					Map.entry(Math.floorDiv(now - 2000, 1000), 0.25), Map.entry(Math.floorDiv(now - 1000, 1000), 1e16));
			assertThat(carbon.fetch("cmon.web%2E01.pickled.path.plain", Duration.ofMinutes(5)))
				.containsExactly(Map.entry(Math.floorDiv(now, 1000), -7.0));
		});
	}

	private static GraphiteSinkWriter writer(int port, GraphiteProtocol protocol, GraphiteFormat format) {
		return new GraphiteSinkWriter(new ForwarderProperties.Graphite(true, "127.0.0.1", port, protocol, format,
				"cmon.<vm_alias>.<metric>.<labels>", new ForwarderProperties.Buffer(10, Duration.ofHours(1), 10,
						Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5))));
	}

}
