package io.containermonitor.forwarder.sink;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** A sink's health: UP while its writes succeed, DOWN while they fail, with its buffer and last error. */
public class SinkHealthIndicator implements HealthIndicator {

	private final SinkWorker worker;

	public SinkHealthIndicator(SinkWorker worker) {
		this.worker = worker;
	}

	@Override
	public Health health() {
		SinkState state = worker.state();
		Health.Builder health = state.up() ? Health.up() : Health.down();
		health.withDetail("destination", state.destination())
			.withDetail("bufferedSamples", state.buffered())
			.withDetail("bufferCapacity", state.capacity());
		if (state.lastSuccess() != null) {
			health.withDetail("lastSuccess", state.lastSuccess().toString());
		}
		if (!state.up()) {
			health.withDetail("consecutiveFailures", state.consecutiveFailures())
				.withDetail("failingSince", String.valueOf(state.failingSince()))
				.withDetail("lastError", String.valueOf(state.lastError()));
		}
		return health.build();
	}

}
