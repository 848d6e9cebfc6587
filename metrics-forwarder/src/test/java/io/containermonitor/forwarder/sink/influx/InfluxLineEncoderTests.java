package io.containermonitor.forwarder.sink.influx;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxLineEncoderTests {

	private static final UUID VM = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	private final InfluxLineEncoder encoder = new InfluxLineEncoder();

	@Test
	void oneLineWithSortedTagsTheTargetIdentityAndAMillisecondTimestamp() {
		Target target = new Target(VM, "web01", "44454c4c-3200-1048-8053-b3c04f383432", List.of("web", "db"),
				URI.create("https://x/metrics"));
		assertThat(encoder.encode(new ForwardedSample(target, "net_agg_bytes_in", Map.of("interface", "net0"), 2000.5,
				1700000000123L)))
			.isEqualTo("net_agg_bytes_in,groups=web\\,db,interface=net0,server_uuid=44454c4c-3200-1048-8053-b3c04f383432,"
					+ "vm_alias=web01,vm_uuid=" + VM + " value=2000.5 1700000000123");
	}

	@Test
	void spacesCommasEqualsQuotesDotsAndLineBreaksNeverBreakTheLine() {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("path", "a b,c\"d.e\nf=g");
		labels.put("tail", "ends\\");
		String line = encoder.encode(new ForwardedSample(target(), "m", labels, 1, 1000));
		assertThat(line).doesNotContain("\n")
			.isEqualTo("m,path=a\\ b\\,c\"d.e\\nf\\=g,tail=ends\\\\,vm_uuid=" + VM + " value=1.0 1000");
	}

	@Test
	void aScrapedLabelNamedLikeAnIdentityTagIsKeptAsExported() {
		String line = encoder.encode(new ForwardedSample(target(), "m", Map.of("vm_uuid", "other"), 1, 1000));
		assertThat(line).isEqualTo("m,exported_vm_uuid=other,vm_uuid=" + VM + " value=1.0 1000");
	}

	@Test
	void nanAndInfinitiesCannotBeStored() {
		assertThat(encoder.encode(new ForwardedSample(target(), "m", Map.of(), Double.NaN, 1000))).isNull();
		assertThat(encoder.encode(new ForwardedSample(target(), "m", Map.of(), Double.NEGATIVE_INFINITY, 1000))).isNull();
	}

	private static Target target() {
		return new Target(VM, null, null, List.of(), URI.create("https://x/metrics"));
	}

}
