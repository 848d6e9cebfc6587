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
import io.containermonitor.core.prom.Sample;

/**
 * The metrics of one target: the latest reading of each collector, plus each collector's
 * meta metrics ({@code <collector>_metrics_available_boolean}, {@code _cached_boolean},
 * {@code _timer_seconds}, as cmon-agent, reference section 2.0). Thread-safe: applying
 * readings and rendering are serialised per target.
 * <p>
 * Rendered straight from the readings, in the form a Micrometer Prometheus registry gives
 * (families sorted by name, counters with {@code _total}, values as Java doubles): a
 * registry per target, snapshotted and re-validated on every scrape, was about a quarter
 * of the CPU of a container scrape. Readings with exact Triton names ({@link TritonNames})
 * and pass-through families follow, through {@link PrometheusTextWriter}.
 */
public final class TargetMeters {

	/** Per collector, its readings that follow today's naming rules. */
	private final Map<String, List<Reading>> readings = new LinkedHashMap<>();

	/** Per collector, available (0/1), cached (0/1) and seconds. */
	private final Map<String, double[]> meta = new LinkedHashMap<>();

	private final Map<String, List<MetricFamily>> families = new LinkedHashMap<>();

	/** Per collector, the readings written under their exact Triton names ({@link TritonNames}). */
	private final Map<String, List<Reading>> exact = new LinkedHashMap<>();

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
		writeNamed(text);
		PrometheusTextWriter writer = new PrometheusTextWriter(text);
		exactFamilies().forEach(writer::write);
		families.values().forEach(list -> list.forEach(writer::write));
		return text.toString();
	}

	/** Forgets the collectors no longer run (a plugin was removed). */
	public synchronized void retain(Set<String> collectors) {
		meta.keySet().retainAll(collectors);
		readings.keySet().retainAll(collectors);
		families.keySet().retainAll(collectors);
		exact.keySet().retainAll(collectors);
	}

	private void writeNamed(StringBuilder text) {
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
				return;
			}
			byName.computeIfAbsent(name, n -> new Family(reading.counter() ? "counter" : "gauge", reading.help()))
				.add(reading.labels(), reading.value());
		}));
		byName.forEach((name, family) -> family.write(name, text));
	}

	private static void gauge(Map<String, Family> byName, String name, String help, double value) {
		byName.computeIfAbsent(name, n -> new Family("gauge", help)).add(Map.of(), value);
	}

	/** A counter's exposed name: its own with {@code _total}, once. */
	static String counterName(String name) {
		return name.endsWith("_total") ? name : name + "_total";
	}

	private List<MetricFamily> exactFamilies() {
		Map<String, List<Reading>> byName = new LinkedHashMap<>();
		exact.values().forEach(list -> list.forEach(r -> byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r)));
		List<MetricFamily> result = new ArrayList<>(byName.size());
		byName.forEach((name, list) -> {
			Reading first = list.get(0);
			List<Sample> samples = new ArrayList<>(list.size());
			// Sorted labels: a reading's label map has no stable order of its own.
			list.forEach(r -> samples.add(Sample.of(name, new TreeMap<>(r.labels()), r.value())));
			result.add(new MetricFamily(name, first.counter() ? MetricType.COUNTER : MetricType.GAUGE, first.help(),
					samples));
		});
		return result;
	}

	/** One family of the named readings: its series by their label text, sorted, first one wins. */
	private static final class Family {

		private final String type;

		private final String help;

		private final Map<String, Double> series = new TreeMap<>();

		Family(String type, String help) {
			this.type = type;
			this.help = help == null ? "" : help;
		}

		void add(Map<String, String> labels, double value) {
			series.putIfAbsent(labelText(labels), value);
		}

		void write(String name, StringBuilder text) {
			text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
			text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
			series.forEach((labels, value) -> text.append(name).append(labels).append(' ').append(format(value)).append('\n'));
		}

		private static String labelText(Map<String, String> labels) {
			if (labels.isEmpty()) {
				return "";
			}
			StringBuilder text = new StringBuilder("{");
			new TreeMap<>(labels).forEach((key, value) -> {
				if (PrometheusTextWriter.isValidLabelName(key)) {
					text.append(text.length() > 1 ? "," : "").append(key).append("=\"").append(escapeLabel(value)).append('"');
				}
			});
			return text.length() == 1 ? "" : text.append('}').toString();
		}

		private static String escapeHelp(String help) {
			return help.replace("\\", "\\\\").replace("\n", "\\n");
		}

		private static String escapeLabel(String value) {
			return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
		}

		/** As the Prometheus client writes doubles: {@code 1.0}, {@code 0.25}, {@code +Inf}, {@code NaN}. */
		private static String format(double value) {
			if (Double.isInfinite(value)) {
				return value > 0 ? "+Inf" : "-Inf";
			}
			return Double.toString(value);
		}

	}

}
