package io.containermonitor.core.prom;

import java.util.Locale;

/** The {@code # TYPE} of a metric family in the text format 0.0.4. */
public enum MetricType {

	COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
