package io.containermonitor.forwarder.sink;

import java.util.Map;

import io.containermonitor.forwarder.discovery.Target;

/**
 * One sample on its way to the stores: what was scraped, from which target, when.
 *
 * @param target the target it came from (its identity becomes tags or path components)
 * @param name the sample name
 * @param labels the sample's own labels
 * @param value the value
 * @param timestampMillis the sample's own timestamp, or the scrape's start
 */
public record ForwardedSample(Target target, String name, Map<String, String> labels, double value,
		long timestampMillis) {
}
