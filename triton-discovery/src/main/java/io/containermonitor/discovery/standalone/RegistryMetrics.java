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

	private final Counter resend;

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
		resend = push(meters, "resend");
	}

	/** A heartbeat by digest the registry could not take: the agent is told to send its list. */
	void resend() {
		resend.increment();
	}

	void accepted() {
		accepted.increment();
	}

	void refused() {
		refused.increment();
	}

	private static Counter push(MeterRegistry meters, String outcome) {
		return Counter.builder("cmon.discovery.registry.pushes")
			.description("Agent pushes (registration and heartbeat) by outcome; refused: bad token or payload; resend: a heartbeat by digest answered 409, the agent sends its full list")
			.tag("outcome", outcome)
			.register(meters);
	}

}
