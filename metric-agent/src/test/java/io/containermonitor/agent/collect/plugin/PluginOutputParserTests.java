package io.containermonitor.agent.collect.plugin;

import java.time.Duration;
import java.util.Map;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginOutputParserTests {

	@Test
	void tabFormatGetsThePrefixLabelsHelpAndTtl() throws Exception {
		PluginOutput out = PluginOutputParser.parse("plugin_meaning", "plugin_meaning_", false,
				"life\tgauge\t42\tThe answer\nreqs{path=\"/a\"}\tcounter\t7\nreqs{path=\"/b\"}\tcounter\t8\n\nttl\toption\t120\n");
		assertThat(out.ttl()).isEqualTo(Duration.ofSeconds(120));
		assertThat(out.families()).containsExactly(
				new MetricFamily("plugin_meaning_life", MetricType.GAUGE, "The answer",
						java.util.List.of(Sample.of("plugin_meaning_life", 42))),
				new MetricFamily("plugin_meaning_reqs_total", MetricType.COUNTER, "plugin_meaning_reqs",
						java.util.List.of(Sample.of("plugin_meaning_reqs_total", Map.of("path", "/a"), 7),
								Sample.of("plugin_meaning_reqs_total", Map.of("path", "/b"), 8))));
	}

	@Test
	void oneBadTabLineRejectsTheWholeOutput() {
		assertThatThrownBy(() -> PluginOutputParser.parse("plugin_x", "plugin_x_", false, "a\tgauge\t1\nb\tgauge\tnope\n"))
			.isInstanceOf(PluginOutputException.class)
			.hasMessageContaining("nope");
		assertThatThrownBy(() -> PluginOutputParser.parse("plugin_x", "plugin_x_", false, "a\tsummary\t1\n"))
			.isInstanceOf(PluginOutputException.class);
		assertThatThrownBy(() -> PluginOutputParser.parse("plugin_x", "plugin_x_", false, "bad-name\tgauge\t1\n"))
			.isInstanceOf(PluginOutputException.class);
		assertThatThrownBy(() -> PluginOutputParser.parse("plugin_x", "plugin_x_", false, "just garbage\n"))
			.isInstanceOf(PluginOutputException.class);
	}

	@Test
	void promFormatPrefixesSamplesAsWellAsHelpAndType() throws Exception {
		PluginOutput out = PluginOutputParser.parse("plugin_web", "plugin_web_", true,
				"# OPTION ttl 30\n# HELP hits Requests served\n# TYPE hits counter\nhits{code=\"200\"} 10\nhits{code=\"500\"} 1\n"
						+ "# TYPE lat histogram\nlat_bucket{le=\"0.1\"} 3\nlat_bucket{le=\"+Inf\"} 4\nlat_sum 0.5\nlat_count 4\n");
		assertThat(out.ttl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(out.families()).hasSize(2);
		MetricFamily hits = out.families().get(0);
		assertThat(hits.name()).isEqualTo("plugin_web_hits_total");
		assertThat(hits.help()).isEqualTo("Requests served");
		assertThat(hits.samples()).extracting(Sample::name).containsOnly("plugin_web_hits_total");
		assertThat(out.families().get(1).samples()).extracting(Sample::name)
			.containsExactly("plugin_web_lat_bucket", "plugin_web_lat_bucket", "plugin_web_lat_sum", "plugin_web_lat_count");
	}

	@Test
	void promSampleWithoutTypeIsRejected() {
		assertThatThrownBy(() -> PluginOutputParser.parse("plugin_web", "plugin_web_", true, "hits 1\n"))
			.isInstanceOf(PluginOutputException.class)
			.hasMessageContaining("TYPE");
	}

	@Test
	void emptyOutputHasNoFamilies() throws Exception {
		assertThat(PluginOutputParser.parse("plugin_x", "plugin_x_", false, "").families()).isEmpty();
		assertThat(PluginOutputParser.parse("plugin_x", "plugin_x_", true, "\n").families()).isEmpty();
	}

}
