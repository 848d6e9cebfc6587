package io.containermonitor.discovery.standalone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The registry's own metrics: registered nodes by state
 * ({@code cmon_discovery_registry_nodes{state="up|down"}}) and agent pushes by outcome
 * ({@code cmon_discovery_registry_pushes_total{outcome="accepted|refused"}}).
 */
class RegistryMetrics {

	private final Counter accepted;

	private final Counter refused;

	RegistryMetrics(AgentRegistry registry, MeterRegistry meters) {
		for (boolean down : new boolean[] { false, true }) {
			Gauge.builder("cmon.discovery.registry.nodes", registry, r -> r.nodeCount(down))
				.description("Compute nodes registered by their agents, by whether they missed their heartbeats")
				.tag("state", down ? "down" : "up")
				.strongReference(true)
				.register(meters);
		}
		accepted = push(meters, "accepted");
		refused = push(meters, "refused");
	}

	void accepted() {
		accepted.increment();
	}

	void refused() {
		refused.increment();
	}

	private static Counter push(MeterRegistry meters, String outcome) {
		return Counter.builder("cmon.discovery.registry.pushes")
			.description("Agent pushes (registration and heartbeat) by outcome; refused: bad token or payload")
			.tag("outcome", outcome)
			.register(meters);
	}

}
