package io.containermonitor.core.prom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a metric family: the sample's full name (a histogram's
 * {@code _bucket}, a counter's own name), its labels in order, and its value.
 *
 * @param name the sample name
 * @param labels label names to values, written in this order
 * @param value the value; NaN and infinities are allowed
 * @param timestampMillis an explicit timestamp, or null for "now" (the usual case)
 */
public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {

	public Sample {
		Objects.requireNonNull(name, "name");
		labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
	}

	public static Sample of(String name, double value) {
		return new Sample(name, Map.of(), value, null);
	}

	public static Sample of(String name, Map<String, String> labels, double value) {
		return new Sample(name, labels, value, null);
	}

}
