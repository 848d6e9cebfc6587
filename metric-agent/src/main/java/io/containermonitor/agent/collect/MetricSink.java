package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.Map;

import io.containermonitor.core.prom.MetricFamily;

/**
 * Where a collector reports what it read. Names are final Prometheus names without
 * the {@code _total} a counter gets on output; every metric has HELP text.
 */
public interface MetricSink {

	void gauge(String name, String help, double value, Map<String, String> labels);

	void counter(String name, String help, double value, Map<String, String> labels);

	default void gauge(String name, String help, double value) {
		gauge(name, help, value, Map.of());
	}

	default void counter(String name, String help, double value) {
		counter(name, help, value, Map.of());
	}

	/** A family passed through as text (plugin output), written after the meters. */
	void family(MetricFamily family);

	/** Replaces the collector's TTL for this reading (a plugin's {@code ttl} option). */
	void overrideTtl(Duration ttl);

}
