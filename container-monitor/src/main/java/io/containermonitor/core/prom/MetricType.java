package io.containermonitor.core.prom;

import java.util.Locale;

/** The {@code # TYPE} of a metric family in the text format 0.0.4. */
public enum MetricType {

	COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED;

	private final String wireName = name().toLowerCase(Locale.ROOT);

	public String wireName() {
		return wireName;
	}

}
