package io.containermonitor.forwarder.sink.graphite;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties.GraphiteFormat;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GraphiteNamerTests {

	private static final UUID VM = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	private static final Target TARGET = new Target(VM, "web.01", "44454c4c-3200-1048-8053-b3c04f383432",
			List.of("web", "db"), URI.create("https://x/metrics"));

	@Test
	void escapesEveryCharacterThatCouldSplitAPathOrALine() {
		assertThat(GraphiteEscaper.escape("plain_Name-09")).isEqualTo("plain_Name-09");
		assertThat(GraphiteEscaper.escape("a b,c\"d.e\nf")).isEqualTo("a%20b%2Cc%22d%2Ee%0Af");
		assertThat(GraphiteEscaper.escape("50%;x~'\\\t\r")).isEqualTo("50%25%3Bx%7E%27%5C%09%0D");
		assertThat(GraphiteEscaper.escape("zürich")).isEqualTo("z%C3%BCrich");
	}

	@Test
	void defaultTemplateGivesAliasMetricAndSortedLabelPairs() {
		GraphiteNamer namer = new GraphiteNamer(GraphiteFormat.PATH, "cmon.<vm_alias>.<metric>.<labels>");
		assertThat(namer.name(sample(Map.of("zone", "z.1", "interface", "net0"))))
			.isEqualTo("cmon.web%2E01.net_agg_bytes_in.interface.net0.zone.z%2E1");
		assertThat(namer.name(sample(Map.of()))).isEqualTo("cmon.web%2E01.net_agg_bytes_in");
		assertThat(namer.name(sample(Map.of("interface", "", "zone", "a")))).isEqualTo("cmon.web%2E01.net_agg_bytes_in.zone.a");
	}

	@Test
	void tokensInsideAComponentAndTheUuidWhenThereIsNoAlias() {
		GraphiteNamer namer = new GraphiteNamer(GraphiteFormat.PATH, "tenant.vm-<vm_alias>.<server_uuid>.<metric>");
		Target noAlias = new Target(VM, null, null, List.of(), URI.create("https://x/metrics"));
		assertThat(namer.name(new ForwardedSample(noAlias, "m", Map.of(), 1, 0)))
			.isEqualTo("tenant.vm-" + VM + ".m");
	}

	@Test
	void taggedSeriesCarryTheSameTagsAsInfluxDb() {
		GraphiteNamer namer = new GraphiteNamer(GraphiteFormat.TAGGED, "ignored");
		assertThat(namer.name(sample(Map.of("interface", "net 0;x"))))
			.isEqualTo("net_agg_bytes_in;groups=web%2Cdb;interface=net%200%3Bx;server_uuid=44454c4c-3200-1048-8053-b3c04f383432;"
					+ "vm_alias=web%2E01;vm_uuid=" + VM);
	}

	@Test
	void unknownTokensAreRefusedAtStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GraphiteNamer(GraphiteFormat.PATH, "cmon.<alias>.<metric>"))
			.withMessageContaining("<alias>");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GraphiteNamer(GraphiteFormat.PATH, "cmon.x<labels>.<metric>"))
			.withMessageContaining("whole component");
	}

	private static ForwardedSample sample(Map<String, String> labels) {
		return new ForwardedSample(TARGET, "net_agg_bytes_in", labels, 1, 0);
	}

}
