package io.containermonitor.agent.collect;

import java.util.Map;

/**
 * One value a collector read.
 *
 * @param name the metric name
 * @param labels its labels
 * @param help the HELP text
 * @param counter whether it is a counter (else a gauge)
 * @param value the value
 */
public record Reading(String name, Map<String, String> labels, String help, boolean counter, double value) {

	public Reading {
		labels = Map.copyOf(labels);
	}

	/** Identifies the series: name and labels. */
	public SeriesKey key() {
		return new SeriesKey(name, labels);
	}

	/**
	 * @param name the metric name
	 * @param labels the labels
	 */
	public record SeriesKey(String name, Map<String, String> labels) {
	}

}
