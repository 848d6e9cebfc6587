package io.containermonitor.agent.collect;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * cmon-agent's {@code time_of_day} (reference 2.2): the agent's clock in milliseconds
 * since the epoch, never cached. The value stays in milliseconds for dashboard
 * compatibility; unlike cmon-agent (9.2) the HELP text says so.
 */
@Component
public class TimeCollector implements Collector {

	private final Clock clock;

	public TimeCollector() {
		this(Clock.systemUTC());
	}

	TimeCollector(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String name() {
		return "time";
	}

	@Override
	public Scope scope() {
		return Scope.BOTH;
	}

	@Override
	public Duration ttl() {
		return Duration.ZERO;
	}

	/** It only reads the clock, so a scrape served on the event loop reads it there. */
	@Override
	public boolean blocking() {
		return false;
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		sink.counter("time_of_day", "Agent clock in milliseconds since the epoch", clock.millis());
	}

}
