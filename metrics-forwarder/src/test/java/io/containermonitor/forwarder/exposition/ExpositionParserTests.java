package io.containermonitor.forwarder.exposition;

import java.util.List;
import java.util.Map;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.prom.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExpositionParserTests {

	private final ExpositionParser parser = new ExpositionParser();

	@Test
	void readsWhatTheCoreWriterWrites() throws Exception {
		String text = PrometheusTextWriter.toText(List.of(new MetricFamily("net_agg_bytes_in", MetricType.COUNTER,
				"Bytes in", List.of(Sample.of("net_agg_bytes_in", Map.of("interface", "net0", "zone", "a \"b\"\nc\\d"), 12),
						Sample.of("net_agg_bytes_in", Map.of("interface", "net1"), 2.5e-3)))));
		List<Sample> samples = parser.parse(text);
		assertThat(samples).containsExactly(
				Sample.of("net_agg_bytes_in", Map.of("interface", "net0", "zone", "a \"b\"\nc\\d"), 12),
				Sample.of("net_agg_bytes_in", Map.of("interface", "net1"), 0.0025));
	}

	@Test
	void readsSpecialValuesTimestampsBlankLinesAndOtherComments() throws Exception {
		List<Sample> samples = parser.parse("""
				# a free comment
				up 1 1700000000000

				a_nan NaN
				b_inf +Inf
				c_ninf -Inf
				d_exp 1.5E+3
				e{trailing="comma",} -2
				""");
		assertThat(samples).extracting(Sample::name).containsExactly("up", "a_nan", "b_inf", "c_ninf", "d_exp", "e");
		assertThat(samples.get(0).timestampMillis()).isEqualTo(1700000000000L);
		assertThat(samples.get(1).value()).isNaN();
		assertThat(samples.get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(samples.get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(samples.get(4).value()).isEqualTo(1500.0);
		assertThat(samples.get(5).labels()).containsExactly(Map.entry("trailing", "comma"));
	}

	@Test
	void eachSampleBelongsToTheFamilyItsTypeLineDeclares() throws Exception {
		Exposition exposition = parser.read("""
				# TYPE request_seconds histogram
				request_seconds_bucket{le="0.5"} 1
				request_seconds_bucket{le="+Inf"} 2
				request_seconds_sum 0.7
				request_seconds_count 2
				request_seconds_created 1700000000
				# TYPE rpc_seconds summary
				rpc_seconds{quantile="0.5"} 0.1
				rpc_seconds_count 4
				# TYPE jobs_total counter
				jobs_total 3
				# TYPE temperature gauge
				temperature 20
				temperature_count 1
				free_standing 5
				""");
		SampleFamily histogram = new SampleFamily("request_seconds", MetricType.HISTOGRAM);
		assertThat(exposition.familyOf("request_seconds_bucket")).isEqualTo(histogram);
		assertThat(exposition.familyOf("request_seconds_sum")).isEqualTo(histogram);
		assertThat(exposition.familyOf("request_seconds_count")).isEqualTo(histogram);
		assertThat(exposition.familyOf("request_seconds_created")).isEqualTo(histogram);
		SampleFamily summary = new SampleFamily("rpc_seconds", MetricType.SUMMARY);
		assertThat(exposition.familyOf("rpc_seconds")).isEqualTo(summary);
		assertThat(exposition.familyOf("rpc_seconds_count")).isEqualTo(summary);
		assertThat(exposition.familyOf("jobs_total")).isEqualTo(new SampleFamily("jobs_total", MetricType.COUNTER));
		assertThat(exposition.familyOf("temperature")).isEqualTo(new SampleFamily("temperature", MetricType.GAUGE));
		// A gauge has no _count: that sample is a family of its own, as is one without any TYPE line.
		assertThat(exposition.familyOf("temperature_count")).isEqualTo(SampleFamily.untyped("temperature_count"));
		assertThat(exposition.familyOf("free_standing")).isEqualTo(SampleFamily.untyped("free_standing"));
		assertThat(exposition.samples()).hasSize(11);
	}

	@Test
	void garbageFailsWithItsLineNumber() {
		assertFails("ok 1\nalso_ok 2\nthis is not { valid\n", 3);
	}

	@Test
	void everyKindOfBrokenLineIsRejected() {
		assertFails("m{a=\"unterminated} 1", 1);
		assertFails("m{a=\"x\" 1", 1);
		assertFails("m{a=\"bad \\t escape\"} 1", 1);
		assertFails("m{a=\"1\",a=\"2\"} 1", 1);
		assertFails("m 1x", 1);
		assertFails("m 0x10", 1);
		assertFails("m 1 12.5", 1);
		assertFails("m 1 2 3", 1);
		assertFails("m", 1);
		assertFails("9m 1", 1);
		assertFails("m{9a=\"x\"} 1", 1);
		assertFails("# TYPE m gauge\n# TYPE m counter\nm 1", 2);
		assertFails("# TYPE m wobbly\nm 1", 1);
		assertFails("m{a=\"x\"} 1\nm{a=\"x\"} 2", 2);
	}

	private void assertFails(String text, int line) {
		assertThatExceptionOfType(MalformedExpositionException.class).as(text)
			.isThrownBy(() -> parser.parse(text))
			.satisfies(ex -> assertThat(ex.lineNumber()).isEqualTo(line))
			.withMessageStartingWith("line " + line + ": ");
	}

}
