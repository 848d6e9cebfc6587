package io.containermonitor.forwarder.sink.otlp;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.OtlpCompression;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.Exposition;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.RecordingReceiver;
import io.containermonitor.forwarder.sink.RecordingReceiver.Answer;
import io.containermonitor.forwarder.sink.RecordingReceiver.Request;
import io.containermonitor.forwarder.sink.SinkWorker;
import io.containermonitor.forwarder.sink.http.ReceiverClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OTLP sink against a real HTTP server that decodes every request with the
 * official opentelemetry-proto classes: the Prometheus-to-OTLP mapping (types, names,
 * attributes, resource, start times of cumulative points) from a real parsed scrape,
 * and the OTLP retry rules (429/502/503/504 retried, {@code Retry-After} honoured,
 * other codes dropped, partial success counted and logged once).
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpSinkWriterTests {

	private static final UUID VM = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	private static final Target WEB = new Target(VM, "web01", "44454c4c-3200-1048-8053-b3c04f383432",
			List.of("web", "db"), URI.create("https://" + VM + ".cmon.test.example:9163/metrics"));

	private static final String SCRAPE = """
			# TYPE http_requests_total counter
			http_requests_total{code="200"} %s
			http_requests_total{code="500"} 2
			# TYPE temperature_celsius gauge
			temperature_celsius 21.5
			untyped_thing 3
			# TYPE request_seconds histogram
			request_seconds_bucket{le="0.1"} 3
			request_seconds_bucket{le="0.5"} 7
			request_seconds_bucket{le="+Inf"} 9
			request_seconds_sum 2.25
			request_seconds_count 9
			# TYPE rpc_seconds summary
			rpc_seconds{quantile="0.5"} 0.05
			rpc_seconds{quantile="0.99"} 0.3
			rpc_seconds_sum 12.5
			rpc_seconds_count 100
			# TYPE jobs_total counter
			jobs_total 5
			jobs_total_created 1700000000.5
			""";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RecordingReceiver receiver;

	private SinkWorker worker;

	@AfterEach
	void stop() {
		if (worker != null) {
			worker.stop();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void aScrapeBecomesOneResourceWithEachFamilyAsItsOtlpEquivalent() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200));
		long t0 = 1_733_300_000_000L;
		List<ForwardedSample> batch = scrape(10, t0);
		int written = writer(receiver.url("")).write(batch);
		assertThat(written).isEqualTo(batch.size());

		Request request = receiver.requests().get(0);
		assertThat(request.path()).isEqualTo("/v1/metrics");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
		ExportMetricsServiceRequest export = ExportMetricsServiceRequest.parseFrom(request.body());
		assertThat(export.getResourceMetricsList()).hasSize(1);
		ResourceMetrics resource = export.getResourceMetrics(0);
		assertThat(attributes(resource.getResource().getAttributesList())).containsOnly(
				Map.entry("service.name", "cmon"), Map.entry("service.instance.id", VM.toString()),
				Map.entry("host.id", "44454c4c-3200-1048-8053-b3c04f383432"), Map.entry("container.name", "web01"),
				Map.entry("cloud.account.id", "acme"), Map.entry("triton.cmon.groups", "[web, db]"));
		assertThat(resource.getScopeMetrics(0).getScope().getName()).isEqualTo("cmon-metrics-forwarder");
		Map<String, Metric> metrics = resource.getScopeMetrics(0)
			.getMetricsList()
			.stream()
			.collect(Collectors.toMap(Metric::getName, metric -> metric));
		assertThat(metrics).containsOnlyKeys("http_requests_total", "temperature_celsius", "untyped_thing",
				"request_seconds", "rpc_seconds", "jobs_total");
		long nanos = t0 * 1_000_000;

		Metric counter = metrics.get("http_requests_total");
		assertThat(counter.getDataCase()).isEqualTo(Metric.DataCase.SUM);
		assertThat(counter.getSum().getIsMonotonic()).isTrue();
		assertThat(counter.getSum().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		assertThat(counter.getSum().getDataPointsList()).extracting(point -> attributes(point.getAttributesList()).get("code")
				+ "=" + point.getAsDouble() + "@" + point.getTimeUnixNano() + " from " + point.getStartTimeUnixNano())
			.containsExactly("200=10.0@" + nanos + " from " + nanos, "500=2.0@" + nanos + " from " + nanos);

		assertThat(metrics.get("temperature_celsius").getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
		NumberDataPoint gauge = metrics.get("temperature_celsius").getGauge().getDataPoints(0);
		assertThat(gauge.getAsDouble()).isEqualTo(21.5);
		assertThat(gauge.getTimeUnixNano()).isEqualTo(nanos);
		assertThat(gauge.getStartTimeUnixNano()).isZero();
		assertThat(metrics.get("untyped_thing").getDataCase()).isEqualTo(Metric.DataCase.GAUGE);

		Metric histogram = metrics.get("request_seconds");
		assertThat(histogram.getDataCase()).isEqualTo(Metric.DataCase.HISTOGRAM);
		assertThat(histogram.getHistogram().getAggregationTemporality())
			.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
		HistogramDataPoint buckets = histogram.getHistogram().getDataPoints(0);
		assertThat(buckets.getExplicitBoundsList()).containsExactly(0.1, 0.5);
		assertThat(buckets.getBucketCountsList()).containsExactly(3L, 4L, 2L);
		assertThat(buckets.getCount()).isEqualTo(9);
		assertThat(buckets.getSum()).isEqualTo(2.25);
		assertThat(buckets.getAttributesList()).isEmpty();
		assertThat(buckets.getStartTimeUnixNano()).isEqualTo(nanos);

		Metric summary = metrics.get("rpc_seconds");
		assertThat(summary.getDataCase()).isEqualTo(Metric.DataCase.SUMMARY);
		SummaryDataPoint quantiles = summary.getSummary().getDataPoints(0);
		assertThat(quantiles.getQuantileValuesList()).extracting(q -> q.getQuantile() + ":" + q.getValue())
			.containsExactly("0.5:0.05", "0.99:0.3");
		assertThat(quantiles.getCount()).isEqualTo(100);
		assertThat(quantiles.getSum()).isEqualTo(12.5);
		assertThat(quantiles.getStartTimeUnixNano()).isEqualTo(nanos);

		// A target that exposes _created gives the start time itself.
		NumberDataPoint created = metrics.get("jobs_total").getSum().getDataPoints(0);
		assertThat(created.getAsDouble()).isEqualTo(5.0);
		assertThat(created.getStartTimeUnixNano()).isEqualTo(1_700_000_000_500_000_000L);
	}

	@Test
	void aCumulativeSeriesKeepsItsStartTimeUntilItResets() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200));
		OtlpSinkWriter writer = writer(receiver.url("/otlp/v1/metrics"));
		long t0 = 1_733_300_000_000L;
		writer.write(scrape(10, t0));
		writer.write(scrape(15, t0 + 30_000));
		writer.write(scrape(1, t0 + 60_000));
		writer.write(scrape(4, t0 + 90_000));
		assertThat(receiver.requests()).extracting(Request::path).containsOnly("/otlp/v1/metrics");
		List<String> points = new ArrayList<>();
		for (Request request : receiver.requests()) {
			NumberDataPoint point = metric(request, "http_requests_total").getSum().getDataPoints(0);
			points.add(point.getAsDouble() + " from " + (point.getStartTimeUnixNano() / 1_000_000 - t0));
		}
		// Reset between +30 s and +60 s: the series starts again right after the last point before it.
		assertThat(points).containsExactly("10.0 from 0", "15.0 from 0", "1.0 from 30001", "4.0 from 30001");
	}

	@Test
	void retryableAnswersAreRetriedAfterRetryAfterAndTheSameDataIsSent() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200)).then(Answer.of(503))
			.then(new Answer(429, Map.of("Retry-After", "2"), new byte[0]))
			.then(Answer.of(502))
			.then(Answer.of(504));
		worker = start(100);
		List<ForwardedSample> batch = scrape(10, System.currentTimeMillis());
		worker.offer(batch);
		await().atMost(Duration.ofSeconds(20)).until(() -> written() == batch.size());
		List<Request> requests = receiver.requests();
		assertThat(requests).hasSize(5);
		ExportMetricsServiceRequest first = ExportMetricsServiceRequest.parseFrom(requests.get(0).body());
		for (Request request : requests) {
			assertThat(ExportMetricsServiceRequest.parseFrom(request.body())).isEqualTo(first);
		}
		assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
	}

	@Test
	void otherAnswersAreNotRetriedTheBatchIsDroppedAndCounted() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200)).then(Answer.of(400)).then(Answer.of(500));
		worker = start(100);
		long now = System.currentTimeMillis();
		List<ForwardedSample> first = scrape(10, now);
		worker.offer(first);
		await().atMost(Duration.ofSeconds(10)).until(() -> dropped("rejected") == first.size());
		worker.offer(scrape(11, now + 1000));
		await().atMost(Duration.ofSeconds(10)).until(() -> dropped("rejected") == 2.0 * first.size());
		worker.offer(scrape(12, now + 2000));
		await().atMost(Duration.ofSeconds(10)).until(() -> written() == first.size());
		assertThat(receiver.requests()).hasSize(3);
		assertThat(metric(receiver.requests().get(2), "http_requests_total").getSum().getDataPoints(0).getAsDouble())
			.isEqualTo(12.0);
	}

	@Test
	void aPartialSuccessIsCountedAndEachMessageLoggedOnce(CapturedOutput output) throws Exception {
		byte[] partial = ExportMetricsServiceResponse.newBuilder()
			.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
				.setRejectedDataPoints(2)
				.setErrorMessage("2 data points have invalid names"))
			.build()
			.toByteArray();
		receiver = new RecordingReceiver(new Answer(200, Map.of("Content-Type", "application/x-protobuf"), partial));
		OtlpSinkWriter writer = writer(receiver.url(""));
		long now = System.currentTimeMillis();
		List<ForwardedSample> batch = scrape(10, now);
		assertThat(writer.write(batch)).isEqualTo(batch.size());
		writer.write(scrape(11, now + 1000));
		assertThat(registry.get("cmon.forwarder.sink.otlp.rejected.points").counter().count()).isEqualTo(4);
		assertThat(output.getAll().split("2 data points have invalid names", -1)).hasSize(2);
	}

	@Test
	void aHistogramIsNeverSplitBetweenTwoRequests() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200));
		// Three samples per batch: the histogram's five go together, so every request holds whole data points.
		worker = start(3);
		List<ForwardedSample> batch = scrape(10, System.currentTimeMillis());
		worker.offer(batch);
		await().atMost(Duration.ofSeconds(20)).until(() -> written() == batch.size());
		assertThat(dropped("unrepresentable")).isZero();
		long histograms = 0;
		for (Request request : receiver.requests()) {
			Metric metric = metric(request, "request_seconds");
			if (metric != null) {
				histograms++;
				assertThat(metric.getHistogram().getDataPoints(0).getBucketCountsList()).containsExactly(3L, 4L, 2L);
			}
		}
		assertThat(histograms).isEqualTo(1);
	}

	private static List<ForwardedSample> scrape(double requests, long timestampMillis) throws Exception {
		Exposition exposition = new ExpositionParser().read(SCRAPE.formatted(requests));
		List<ForwardedSample> samples = new ArrayList<>();
		for (Sample sample : exposition.samples()) {
			samples.add(new ForwardedSample(WEB, sample.name(), sample.labels(), sample.value(), timestampMillis,
					exposition.familyOf(sample.name())));
		}
		return samples;
	}

	private OtlpSinkWriter writer(URI url) {
		ForwarderProperties.Otlp settings = new ForwarderProperties.Otlp(true, url, OtlpCompression.GZIP, Map.of(),
				new ForwarderProperties.HttpAuth(null, null, null, null, null, null), null);
		ReceiverClient client = new ReceiverClient(settings.metricsUrl(), settings.auth(), Map.of(), Duration.ofSeconds(5),
				null);
		return new OtlpSinkWriter(client, new OtlpMetricsEncoder("cmon", "acme", "test", Duration.ofHours(1).toMillis()),
				OtlpCompression.GZIP, "cmon-metrics-forwarder/test", Clock.systemUTC(), registry);
	}

	private SinkWorker start(int batchSize) {
		SinkWorker started = new SinkWorker(writer(receiver.url("")), new ForwarderProperties.Buffer(1000,
				Duration.ofHours(1), batchSize, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5)),
				registry, Clock.systemUTC());
		started.start();
		return started;
	}

	private double written() {
		return registry.get("cmon.forwarder.sink.samples.written").counter().count();
	}

	private double dropped(String reason) {
		return registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", reason).counter().count();
	}

	private static Metric metric(Request request, String name) throws Exception {
		for (ResourceMetrics resource : ExportMetricsServiceRequest.parseFrom(request.body()).getResourceMetricsList()) {
			for (Metric metric : resource.getScopeMetrics(0).getMetricsList()) {
				if (metric.getName().equals(name)) {
					return metric;
				}
			}
		}
		return null;
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, attribute -> text(attribute.getValue())));
	}

	private static String text(AnyValue value) {
		return value.hasArrayValue()
				? value.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList().toString()
				: value.getStringValue();
	}

}
