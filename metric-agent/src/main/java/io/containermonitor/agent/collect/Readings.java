package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.containermonitor.core.prom.MetricFamily;

/** A {@link MetricSink} that keeps what one collector reported in one run. Not thread-safe. */
public final class Readings implements MetricSink {

	private final List<Reading> values = new ArrayList<>();

	private final List<MetricFamily> families = new ArrayList<>();

	private Duration ttlOverride;

	@Override
	public void gauge(String name, String help, double value, Map<String, String> labels) {
		values.add(new Reading(name, labels, help, false, value));
	}

	@Override
	public void counter(String name, String help, double value, Map<String, String> labels) {
		values.add(new Reading(name, labels, help, true, value));
	}

	@Override
	public void family(MetricFamily family) {
		families.add(family);
	}

	@Override
	public void overrideTtl(Duration ttl) {
		this.ttlOverride = ttl;
	}

	public List<Reading> values() {
		return List.copyOf(values);
	}

	public List<MetricFamily> families() {
		return List.copyOf(families);
	}

	/** The TTL the collector asked for, or null for its default. */
	public Duration ttlOverride() {
		return ttlOverride;
	}

}
