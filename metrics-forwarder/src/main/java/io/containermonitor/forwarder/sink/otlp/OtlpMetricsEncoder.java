package io.containermonitor.forwarder.sink.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.containermonitor.core.prom.MetricType;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.SampleFamily;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

/**
 * A batch as one OTLP {@code ExportMetricsServiceRequest}, by the OpenTelemetry
 * specification's Prometheus compatibility: one resource per target
 * ({@link OtlpResources}), one metric per family named as the family, counters as
 * cumulative monotonic sums, gauges and untyped families as gauges, histograms as
 * cumulative explicit-bucket histograms (the cumulative {@code le} buckets become
 * per-bucket counts) and summaries as summaries. Every cumulative point has a start
 * time: the series' {@code _created} when the target exposes it, else from
 * {@link StartTimes}. A histogram without its count, or a bucket or quantile label that
 * is not a number, cannot be represented and is left out. Synchronized: the sink thread
 * uses it, and once more the thread that stops the sink, for a last flush.
 */
public final class OtlpMetricsEncoder {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final OtlpResources resources;

	private final InstrumentationScope scope;

	private final StartTimes startTimes;

	/**
	 * @param job the {@code service.name}
	 * @param account the tenant's account ({@code cloud.account.id}), or null
	 * @param scopeVersion the forwarder's version, for the instrumentation scope
	 * @param forgetAfterMillis how long an unseen series' start time is kept
	 */
	public OtlpMetricsEncoder(String job, String account, String scopeVersion, long forgetAfterMillis) {
		this.resources = new OtlpResources(job, account);
		this.scope = InstrumentationScope.newBuilder().setName("cmon-metrics-forwarder").setVersion(scopeVersion).build();
		this.startTimes = new StartTimes(forgetAfterMillis);
	}

	/**
	 * @param request what to send
	 * @param represented samples of the batch that went into a data point
	 * @param points data points in the request
	 */
	public record Encoded(ExportMetricsServiceRequest request, int represented, int points) {
	}

	public synchronized Encoded encode(List<ForwardedSample> batch, long nowMillis) {
		startTimes.sweep(nowMillis);
		Map<Target, Map<SampleFamily, Map<PointKey, PointParts>>> byTarget = new LinkedHashMap<>();
		for (ForwardedSample sample : batch) {
			PointKey key = PointKey.of(sample);
			byTarget.computeIfAbsent(sample.target(), target -> new LinkedHashMap<>())
				.computeIfAbsent(sample.family(), family -> new LinkedHashMap<>())
				.computeIfAbsent(key, k -> new PointParts())
				.add(sample);
		}
		ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
		int represented = 0;
		int points = 0;
		for (Map.Entry<Target, Map<SampleFamily, Map<PointKey, PointParts>>> target : byTarget.entrySet()) {
			ScopeMetrics.Builder metrics = ScopeMetrics.newBuilder().setScope(scope);
			for (Map.Entry<SampleFamily, Map<PointKey, PointParts>> family : target.getValue().entrySet()) {
				Metric.Builder metric = Metric.newBuilder().setName(family.getKey().name());
				int before = points;
				for (Map.Entry<PointKey, PointParts> point : family.getValue().entrySet()) {
					if (addPoint(metric, target.getKey().vmUuid(), family.getKey(), point.getKey(), point.getValue())) {
						represented += point.getValue().samples;
						points++;
					}
				}
				if (points > before) {
					metrics.addMetrics(metric);
				}
			}
			if (metrics.getMetricsCount() > 0) {
				request.addResourceMetrics(
						ResourceMetrics.newBuilder().setResource(resources.of(target.getKey())).addScopeMetrics(metrics));
			}
		}
		return new Encoded(request.build(), represented, points);
	}

	/** @return whether the parts made a data point */
	private boolean addPoint(Metric.Builder metric, UUID vm, SampleFamily family, PointKey key, PointParts parts) {
		long time = key.timestampMillis * NANOS_PER_MILLI;
		List<KeyValue> attributes = attributes(key.labels);
		switch (family.type()) {
			case COUNTER -> {
				if (parts.value == null) {
					return false;
				}
				Sum.Builder sum = metric.getSumBuilder()
					.setIsMonotonic(true)
					.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
				sum.addDataPoints(NumberDataPoint.newBuilder()
					.addAllAttributes(attributes)
					.setStartTimeUnixNano(start(vm, family, key, parts, parts.value))
					.setTimeUnixNano(time)
					.setAsDouble(parts.value));
				return true;
			}
			case HISTOGRAM -> {
				return addHistogram(metric, vm, family, key, parts, attributes, time);
			}
			case SUMMARY -> {
				return addSummary(metric, vm, family, key, parts, attributes, time);
			}
			default -> {
				if (parts.value == null) {
					return false;
				}
				Gauge.Builder gauge = metric.getGaugeBuilder();
				gauge.addDataPoints(
						NumberDataPoint.newBuilder().addAllAttributes(attributes).setTimeUnixNano(time).setAsDouble(parts.value));
				return true;
			}
		}
	}

	private boolean addHistogram(Metric.Builder metric, UUID vm, SampleFamily family, PointKey key, PointParts parts,
			List<KeyValue> attributes, long time) {
		if (parts.unreadable) {
			return false;
		}
		Double infinite = parts.buckets.get(Double.POSITIVE_INFINITY);
		Double count = parts.count != null ? parts.count : infinite;
		if (count == null) {
			return false;
		}
		HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
			.addAllAttributes(attributes)
			.setStartTimeUnixNano(start(vm, family, key, parts, count))
			.setTimeUnixNano(time)
			.setCount(Math.round(count));
		if (parts.sum != null) {
			point.setSum(parts.sum);
		}
		double previous = 0;
		for (Map.Entry<Double, Double> bucket : parts.buckets.entrySet()) {
			if (bucket.getKey() == Double.POSITIVE_INFINITY) {
				continue;
			}
			point.addExplicitBounds(bucket.getKey());
			point.addBucketCounts(Math.max(0, Math.round(bucket.getValue() - previous)));
			previous = bucket.getValue();
		}
		// The last bucket (above the highest bound) holds the rest of the count.
		point.addBucketCounts(Math.max(0, Math.round(count - previous)));
		metric.getHistogramBuilder()
			.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
			.addDataPoints(point);
		return true;
	}

	private boolean addSummary(Metric.Builder metric, UUID vm, SampleFamily family, PointKey key, PointParts parts,
			List<KeyValue> attributes, long time) {
		if (parts.unreadable || parts.count == null) {
			return false;
		}
		SummaryDataPoint.Builder point = SummaryDataPoint.newBuilder()
			.addAllAttributes(attributes)
			.setStartTimeUnixNano(start(vm, family, key, parts, parts.count))
			.setTimeUnixNano(time)
			.setCount(Math.round(parts.count));
		if (parts.sum != null) {
			point.setSum(parts.sum);
		}
		parts.quantiles.forEach((quantile, value) -> point
			.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(quantile).setValue(value)));
		Summary.Builder summary = metric.getSummaryBuilder();
		summary.addDataPoints(point);
		return true;
	}

	private long start(UUID vm, SampleFamily family, PointKey key, PointParts parts, double cumulative) {
		if (parts.created != null && Double.isFinite(parts.created)) {
			return Math.round(parts.created * 1e9);
		}
		return startTimes.startOf(new SeriesKey(vm, family.name(), key.labels), key.timestampMillis, cumulative)
				* NANOS_PER_MILLI;
	}

	private static List<KeyValue> attributes(Map<String, String> labels) {
		List<KeyValue> attributes = new ArrayList<>(labels.size());
		labels.forEach((name, value) -> {
			if (!value.isEmpty()) {
				attributes.add(OtlpResources.attribute(name, value));
			}
		});
		return attributes;
	}

	/** One data point's identity in a batch: its labels without {@code le} and {@code quantile}, its time. */
	private record PointKey(TreeMap<String, String> labels, long timestampMillis) {

		static PointKey of(ForwardedSample sample) {
			TreeMap<String, String> labels = new TreeMap<>(sample.labels());
			MetricType type = sample.family().type();
			if (type == MetricType.HISTOGRAM) {
				labels.remove("le");
			}
			else if (type == MetricType.SUMMARY) {
				labels.remove("quantile");
			}
			return new PointKey(labels, sample.timestampMillis());
		}

	}

	/** A cumulative series' identity across batches. */
	private record SeriesKey(UUID vm, String family, Map<String, String> labels) {
	}

	/** The samples of one data point as they arrive: value, buckets, quantiles, sum, count, created. */
	private static final class PointParts {

		Double value;

		final TreeMap<Double, Double> buckets = new TreeMap<>();

		final TreeMap<Double, Double> quantiles = new TreeMap<>();

		Double sum;

		Double count;

		Double created;

		boolean unreadable;

		int samples;

		void add(ForwardedSample sample) {
			samples++;
			String family = sample.family().name();
			String name = sample.name();
			MetricType type = sample.family().type();
			if (name.equals(family + "_created")) {
				created = sample.value();
			}
			else if (type == MetricType.HISTOGRAM && name.equals(family + "_bucket")) {
				Double bound = number(sample.labels().get("le"));
				if (bound == null) {
					unreadable = true;
				}
				else {
					buckets.put(bound, sample.value());
				}
			}
			else if ((type == MetricType.HISTOGRAM || type == MetricType.SUMMARY) && name.equals(family + "_sum")) {
				sum = sample.value();
			}
			else if ((type == MetricType.HISTOGRAM || type == MetricType.SUMMARY) && name.equals(family + "_count")) {
				count = sample.value();
			}
			else if (type == MetricType.SUMMARY) {
				Double quantile = number(sample.labels().get("quantile"));
				if (quantile == null) {
					unreadable = true;
				}
				else {
					quantiles.put(quantile, sample.value());
				}
			}
			else {
				value = sample.value();
			}
		}

		private static Double number(String text) {
			if (text == null) {
				return null;
			}
			return switch (text) {
				case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
				default -> {
					try {
						yield Double.parseDouble(text);
					}
					catch (NumberFormatException ex) {
						yield null;
					}
				}
			};
		}

	}

}
