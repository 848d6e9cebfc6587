package io.containermonitor.core.prom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PrometheusTextWriterTests {

	private static final String TRICKY = "back\\slash \"quoted\" line1\nline2 {braces}=, comma é";

	@Test
	void labelValuesAreEscaped() {
		String text = PrometheusTextWriter.toText(List.of(new MetricFamily("cpu_user_usage", MetricType.COUNTER,
				"User CPU", List.of(Sample.of("cpu_user_usage", Map.of("alias", TRICKY), 12)))));
		assertThat(text).contains(
				"cpu_user_usage{alias=\"back\\\\slash \\\"quoted\\\" line1\\nline2 {braces}=, comma é\"} 12\n");
	}

	@Test
	void specialValuesUseTheFormatsSpelling() {
		assertThat(PrometheusTextWriter.formatValue(Double.NaN)).isEqualTo("NaN");
		assertThat(PrometheusTextWriter.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
		assertThat(PrometheusTextWriter.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
		assertThat(PrometheusTextWriter.formatValue(1.5)).isEqualTo("1.5");
		assertThat(PrometheusTextWriter.formatValue(42)).isEqualTo("42");
		assertThat(PrometheusTextWriter.formatValue(1e20)).isEqualTo("1.0E20");
	}

	@Test
	void helpTextEscapesBackslashAndNewlineOnly() {
		assertThat(PrometheusTextWriter.escapeHelp("a\\b\nc \"d\"")).isEqualTo("a\\\\b\\nc \"d\"");
	}

	@Test
	void invalidNamesAreRefusedWithTheName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrometheusTextWriter.toText(
					List.of(new MetricFamily("1bad", MetricType.GAUGE, "h", List.of(Sample.of("1bad", 1))))))
			.withMessageContaining("1bad");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PrometheusTextWriter.toText(List.of(new MetricFamily("ok", MetricType.GAUGE, "h",
					List.of(Sample.of("ok", Map.of("__reserved", "x"), 1))))))
			.withMessageContaining("__reserved");
	}

	@Test
	void nameRulesAreThoseOfTheExpositionFormat() {
		assertThat(List.of("a", "_", ":", "cpu_user_usage", "node:cpu:rate5m", "A9_:z", "x0"))
			.allMatch(PrometheusTextWriter::isValidMetricName);
		assertThat(java.util.Arrays.asList("", null, "9a", "a-b", "a.b", "a b", "é", "a\n"))
			.noneMatch(PrometheusTextWriter::isValidMetricName);
		assertThat(List.of("a", "_a", "interface", "Zone9")).allMatch(PrometheusTextWriter::isValidLabelName);
		assertThat(java.util.Arrays.asList("", null, "a:b", "9a", "__name__", "__x", "a-b"))
			.noneMatch(PrometheusTextWriter::isValidLabelName);
	}

	/** Prometheus' own parser and linter must accept what we write, tricky values included. */
	@Test
	void promtoolAcceptsTheOutput() throws Exception {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("interface", "net0");
		labels.put("alias", TRICKY);
		String text = PrometheusTextWriter.toText(List.of(
				new MetricFamily("net_agg_bytes_in_total", MetricType.COUNTER,
						"Aggregate inbound bytes\nper interface \\ total",
						List.of(Sample.of("net_agg_bytes_in_total", labels, 1234567890123d))),
				new MetricFamily("mem_limit_bytes", MetricType.GAUGE, "Memory limit in bytes",
						List.of(Sample.of("mem_limit_bytes", Map.of("zone", "a"), Double.POSITIVE_INFINITY),
								Sample.of("mem_limit_bytes", Map.of("zone", "b"), Double.NaN),
								Sample.of("mem_limit_bytes", Map.of("zone", "c"), Double.NEGATIVE_INFINITY),
								new Sample("mem_limit_bytes", Map.of("zone", "d"), 0.25, 1700000000000L)))));

		Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
		promtool.getOutputStream().close();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		promtool.getInputStream().transferTo(output);
		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(output.toString(StandardCharsets.UTF_8)).as("promtool output for:%n%s", text).isEmpty();
		assertThat(promtool.exitValue()).isZero();
	}

	@Test
	void promtoolRejectsBrokenEscaping() throws IOException, InterruptedException {
		String broken = "# HELP x_total h\n# TYPE x_total counter\nx_total{a=\"unescaped \" quote\"} 1\n";
		Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		promtool.getOutputStream().write(broken.getBytes(StandardCharsets.UTF_8));
		promtool.getOutputStream().close();
		promtool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).isNotZero();
	}


}
