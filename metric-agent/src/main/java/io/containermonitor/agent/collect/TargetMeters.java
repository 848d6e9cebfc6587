package io.containermonitor.agent.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;

/**
 * The metrics of one target: the latest reading of each collector, plus each collector's
 * meta metrics ({@code <collector>_metrics_available_boolean}, {@code _cached_boolean},
 * {@code _timer_seconds}, as cmon-agent, reference section 2.0). Thread-safe: applying
 * readings and rendering are serialised per target.
 * <p>
 * Written through the suite's one {@link PrometheusTextWriter}: first the families that
 * follow today's naming rules (sorted by name, counters with {@code _total}, each series
 * once, by its sorted labels), then the readings with exact Triton names
 * ({@link TritonNames}), then pass-through families (plugins). A reading whose name or
 * label name the format cannot carry is left out and counted ({@link #dropped()}), so one
 * bad plugin line never breaks the scrape.
 */
public final class TargetMeters {

	/** Per collector, its readings that follow today's naming rules. */
	private final Map<String, List<Reading>> readings = new LinkedHashMap<>();

	/** Per collector, available (0/1), cached (0/1) and seconds. */
	private final Map<String, double[]> meta = new LinkedHashMap<>();

	private final Map<String, List<MetricFamily>> families = new LinkedHashMap<>();

	/** Per collector, the readings written under their exact Triton names ({@link TritonNames}). */
	private final Map<String, List<Reading>> exact = new LinkedHashMap<>();

	private long dropped;

	/** Takes the collector's latest outcome. */
	public synchronized void apply(ReadingCache.Lookup lookup) {
		Outcome outcome = lookup.outcome();
		String collector = outcome.collector();
		List<Reading> named = new ArrayList<>();
		List<Reading> exactReadings = new ArrayList<>();
		for (Reading reading : outcome.values()) {
			(TritonNames.isExact(reading.name()) ? exactReadings : named).add(reading);
		}
		readings.put(collector, named);
		exact.put(collector, exactReadings);
		families.put(collector, outcome.families());
		meta.put(collector, new double[] { outcome.available() ? 1 : 0, lookup.cached() ? 1 : 0, outcome.seconds() });
	}

	/** The text exposition of every reading and meta metric, then the pass-through families. */
	public synchronized String render() {
		StringBuilder text = new StringBuilder(8192);
		PrometheusTextWriter writer = new PrometheusTextWriter(text);
		namedFamilies().forEach((name, family) -> family.writeTo(writer, name));
		writeExact(writer);
		families.values().forEach(list -> list.forEach(writer::write));
		return text.toString();
	}

	/** Readings left out of every rendering so far because their name or a label name is invalid. */
	public synchronized long dropped() {
		return dropped;
	}

	/** Forgets the collectors no longer run (a plugin was removed). */
	public synchronized void retain(Set<String> collectors) {
		meta.keySet().retainAll(collectors);
		readings.keySet().retainAll(collectors);
		families.keySet().retainAll(collectors);
		exact.keySet().retainAll(collectors);
	}

	private Map<String, Family> namedFamilies() {
		Map<String, Family> byName = new TreeMap<>();
		meta.forEach((collector, m) -> {
			gauge(byName, collector + "_metrics_available_boolean",
					"Whether the " + collector + " collector obtained data (1) or not (0)", m[0]);
			gauge(byName, collector + "_metrics_cached_boolean",
					"Whether the " + collector + " collector's data came from the cache (1) or not (0)", m[1]);
			gauge(byName, collector + "_metrics_timer_seconds",
					"Seconds the " + collector + " collector took to obtain its data", m[2]);
		});
		readings.values().forEach(list -> list.forEach(reading -> {
			String name = reading.counter() ? counterName(reading.name()) : reading.name();
			if (!PrometheusTextWriter.isValidMetricName(name)) {
				dropped++;
				return;
			}
			byName.computeIfAbsent(name, n -> new Family(reading.counter() ? MetricType.COUNTER : MetricType.GAUGE,
					reading.help()))
				.add(validLabels(reading.labels()), reading.value());
		}));
		return byName;
	}

	private static void gauge(Map<String, Family> byName, String name, String help, double value) {
		byName.computeIfAbsent(name, n -> new Family(MetricType.GAUGE, help)).add(Map.of(), value);
	}

	/** A counter's exposed name: its own with {@code _total}, once. */
	static String counterName(String name) {
		return name.endsWith("_total") ? name : name + "_total";
	}

	/**
	 * The labels sorted by name, without those the format cannot carry (counted). Most
	 * readings have none or one, which need no sorted copy.
	 */
	private Map<String, String> validLabels(Map<String, String> labels) {
		if (labels.size() == 1) {
			Map.Entry<String, String> only = labels.entrySet().iterator().next();
			if (PrometheusTextWriter.isValidLabelName(only.getKey())) {
				return only.getValue() == null ? Map.of(only.getKey(), "") : labels;
			}
		}
		if (labels.size() <= 1) {
			if (!labels.isEmpty()) {
				dropped++;
			}
			return Map.of();
		}
		TreeMap<String, String> valid = new TreeMap<>();
		labels.forEach((key, value) -> {
			if (PrometheusTextWriter.isValidLabelName(key)) {
				valid.put(key, value == null ? "" : value);
			}
			else {
				dropped++;
			}
		});
		return valid;
	}

	/** The readings with exact Triton names, each name's series in reading order. */
	private void writeExact(PrometheusTextWriter writer) {
		Map<String, List<Reading>> byName = new LinkedHashMap<>();
		exact.values().forEach(list -> list.forEach(r -> byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r)));
		byName.forEach((name, list) -> {
			Reading first = list.get(0);
			writer.family(name, first.counter() ? MetricType.COUNTER : MetricType.GAUGE,
					first.help() == null ? "" : first.help());
			list.forEach(r -> writer.sample(name, validLabels(r.labels()), r.value()));
		});
	}

	/** One family of the named readings: its series by their sorted labels, first one wins. */
	private static final class Family {

		private final MetricType type;

		private final String help;

		/** Keyed as a sorted map prints itself ({@code {a=b, c=d}}), the order scrapes have always had. */
		private final Map<String, Series> series = new TreeMap<>();

		Family(MetricType type, String help) {
			this.type = type;
			this.help = help == null ? "" : help;
		}

		void add(Map<String, String> sortedLabels, double value) {
			series.putIfAbsent(key(sortedLabels), new Series(sortedLabels, value));
		}

		private static String key(Map<String, String> sortedLabels) {
			if (sortedLabels.isEmpty()) {
				return "{}";
			}
			if (sortedLabels.size() == 1) {
				Map.Entry<String, String> only = sortedLabels.entrySet().iterator().next();
				return "{" + only.getKey() + "=" + only.getValue() + "}";
			}
			return sortedLabels.toString();
		}

		void writeTo(PrometheusTextWriter writer, String name) {
			writer.family(name, type, help);
			series.values().forEach(s -> writer.sample(name, s.labels(), s.value()));
		}

	}

	private record Series(Map<String, String> labels, double value) {
	}

}
