package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.List;

import io.containermonitor.core.prom.MetricFamily;

/**
 * What one run of one collector gave.
 *
 * @param collector the collector's name
 * @param available whether it obtained data (false when it failed)
 * @param values the values read; empty when unavailable
 * @param families pass-through families (plugins)
 * @param seconds how long the run took
 * @param ttl how long the outcome may be reused
 */
public record Outcome(String collector, boolean available, List<Reading> values, List<MetricFamily> families,
		double seconds, Duration ttl) {

	public Outcome {
		values = List.copyOf(values);
		families = List.copyOf(families);
	}

}
