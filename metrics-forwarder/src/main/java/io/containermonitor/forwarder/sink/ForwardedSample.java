package io.containermonitor.forwarder.sink;

import java.util.Map;
import java.util.Objects;

import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.SampleFamily;

/**
 * One sample on its way to the stores: what was scraped, from which target, when.
 *
 * @param target the target it came from (its identity becomes tags or path components)
 * @param name the sample name
 * @param labels the sample's own labels
 * @param value the value
 * @param timestampMillis the sample's own timestamp, or the scrape's start
 * @param family the metric family it belongs to and the family's type (OTLP maps by type)
 */
public record ForwardedSample(Target target, String name, Map<String, String> labels, double value,
		long timestampMillis, SampleFamily family) {

	public ForwardedSample {
		Objects.requireNonNull(family, "family");
	}

	/** A sample of its own untyped family, as the stores that know no types see every sample. */
	public ForwardedSample(Target target, String name, Map<String, String> labels, double value, long timestampMillis) {
		this(target, name, labels, value, timestampMillis, SampleFamily.untyped(name));
	}

}
