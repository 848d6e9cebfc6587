package io.containermonitor.agent.collect.kstat;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Exposition text made comparable: the framework writes Triton-named families with their
 * labels in {@code Map.copyOf} order, which changes from one JVM to the next; here every
 * sample's labels are sorted by name, and the values that change per run (timers,
 * cached flags, the clock) can be zeroed.
 */
final class Exposition {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}(.*)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

	private Exposition() {
	}

	static String sortLabels(String text) {
		return text.lines().map(Exposition::sortLine).collect(Collectors.joining("\n", "", text.endsWith("\n") ? "\n" : ""));
	}

	private static String sortLine(String line) {
		Matcher m = SAMPLE.matcher(line);
		if (!m.matches()) {
			return line;
		}
		Map<String, String> labels = new TreeMap<>();
		Matcher l = LABEL.matcher(m.group(2));
		while (l.find()) {
			labels.put(l.group(1), l.group(2));
		}
		return m.group(1) + labels.entrySet()
			.stream()
			.map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
			.collect(Collectors.joining(",", "{", "}")) + m.group(3);
	}

	/** Sorted labels, and timers, cached flags and {@code time_of_day} set to 0. */
	static String normalise(String text) {
		return sortLabels(text).replaceAll(
				"(?m)^(\\S*_metrics_timer_seconds|\\S*_metrics_cached_boolean|time_of_day|time_of_day_total) .*$", "$1 0");
	}

}
