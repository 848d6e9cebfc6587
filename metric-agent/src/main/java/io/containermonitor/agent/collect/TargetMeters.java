package io.containermonitor.agent.collect;

import java.util.Set;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.prom.Sample;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meters of one target, in a registry of its own: gauges and function counters
 * bound to the latest cached reading of each collector, plus each collector's meta
 * metrics ({@code <collector>_metrics_available_boolean}, {@code _cached_boolean},
 * {@code _timer_seconds}, as cmon-agent, reference section 2.0). Thread-safe: applying
 * readings and rendering are serialised per target.
 */
public final class TargetMeters {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final Map<String, Map<Reading.SeriesKey, Slot>> series = new HashMap<>();

	private final Map<String, Slot[]> meta = new HashMap<>();

	private final Map<String, List<MetricFamily>> families = new LinkedHashMap<>();

	/** Per collector, the readings written under their exact Triton names ({@link TritonNames}). */
	private final Map<String, List<Reading>> exact = new LinkedHashMap<>();

	/** Binds the collector's meters to this outcome. */
	public synchronized void apply(ReadingCache.Lookup lookup) {
		Outcome outcome = lookup.outcome();
		String collector = outcome.collector();
		Map<Reading.SeriesKey, Slot> current = series.computeIfAbsent(collector, c -> new HashMap<>());
		Map<Reading.SeriesKey, Reading> fresh = new LinkedHashMap<>();
		List<Reading> exactReadings = new ArrayList<>();
		for (Reading reading : outcome.values()) {
			if (TritonNames.isExact(reading.name())) {
				exactReadings.add(reading);
			}
			else {
				fresh.put(reading.key(), reading);
			}
		}
		exact.put(collector, exactReadings);
		current.entrySet().removeIf(e -> {
			if (!fresh.containsKey(e.getKey())) {
				registry.remove(e.getValue().meter);
				return true;
			}
			return false;
		});
		for (Reading reading : fresh.values()) {
			Slot slot = current.get(reading.key());
			if (slot == null) {
				slot = new Slot();
				slot.meter = register(reading, slot);
				current.put(reading.key(), slot);
			}
			slot.value = reading.value();
		}
		families.put(collector, outcome.families());
		Slot[] m = meta.computeIfAbsent(collector, this::registerMeta);
		m[0].value = outcome.available() ? 1 : 0;
		m[1].value = lookup.cached() ? 1 : 0;
		m[2].value = outcome.seconds();
	}

	/** The text exposition of every meter, then the pass-through families. */
	public synchronized String render() {
		StringBuilder text = new StringBuilder(registry.scrape());
		PrometheusTextWriter writer = new PrometheusTextWriter(text);
		exactFamilies().forEach(writer::write);
		families.values().forEach(list -> list.forEach(writer::write));
		return text.toString();
	}

	/** Removes the meters of collectors no longer run (a plugin was removed). */
	public synchronized void retain(Set<String> collectors) {
		for (String gone : new ArrayList<>(meta.keySet())) {
			if (!collectors.contains(gone)) {
				series.getOrDefault(gone, Map.of()).values().forEach(s -> registry.remove(s.meter));
				series.remove(gone);
				for (Slot s : meta.remove(gone)) {
					registry.remove(s.meter);
				}
				families.remove(gone);
				exact.remove(gone);
			}
		}
	}

	private List<MetricFamily> exactFamilies() {
		Map<String, List<Reading>> byName = new LinkedHashMap<>();
		exact.values().forEach(list -> list.forEach(r -> byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r)));
		List<MetricFamily> result = new ArrayList<>(byName.size());
		byName.forEach((name, readings) -> {
			Reading first = readings.get(0);
			List<Sample> samples = new ArrayList<>(readings.size());
			// Sorted labels: a reading's label map has no stable order of its own.
			readings.forEach(r -> samples.add(Sample.of(name, new java.util.TreeMap<>(r.labels()), r.value())));
			result.add(new MetricFamily(name, first.counter() ? MetricType.COUNTER : MetricType.GAUGE, first.help(),
					samples));
		});
		return result;
	}

	public synchronized void close() {
		registry.close();
	}

	private Meter register(Reading reading, Slot slot) {
		List<Tag> tags = new ArrayList<>(reading.labels().size());
		reading.labels().forEach((k, v) -> tags.add(Tag.of(k, v)));
		if (reading.counter()) {
			return FunctionCounter.builder(reading.name(), slot, Slot::value)
				.description(reading.help())
				.tags(tags)
				.register(registry);
		}
		return Gauge.builder(reading.name(), slot, Slot::value)
			.description(reading.help())
			.tags(tags)
			.strongReference(true)
			.register(registry);
	}

	private Slot[] registerMeta(String collector) {
		Slot available = new Slot();
		Slot cached = new Slot();
		Slot timer = new Slot();
		available.meter = Gauge.builder(collector + "_metrics_available_boolean", available, Slot::value)
			.description("Whether the " + collector + " collector obtained data (1) or not (0)")
			.strongReference(true)
			.register(registry);
		cached.meter = Gauge.builder(collector + "_metrics_cached_boolean", cached, Slot::value)
			.description("Whether the " + collector + " collector's data came from the cache (1) or not (0)")
			.strongReference(true)
			.register(registry);
		timer.meter = Gauge.builder(collector + "_metrics_timer_seconds", timer, Slot::value)
			.description("Seconds the " + collector + " collector took to obtain its data")
			.strongReference(true)
			.register(registry);
		return new Slot[] { available, cached, timer };
	}

	private static final class Slot {

		private volatile double value;

		private Meter meter;

		double value() {
			return value;
		}

	}

}
