package io.containermonitor.agent.collect;

import java.io.IOException;
import java.time.Duration;

/**
 * One source of metrics: a cgroup controller's files, a network namespace, OSHI, a
 * plugin. A collector reads and reports; it never catches its own failures: the
 * {@link CollectorRunner} times it, catches, logs and reports availability, so one
 * broken source loses its own metrics and never the scrape.
 */
public interface Collector {

	/** The collector's name: bean, {@code cmon.agent.collectors.<name>.enabled}, logs, meta metrics. */
	String name();

	/** Whether it serves containers, the node, or both. */
	Scope scope();

	/** How long its reading is reused; zero or negative means never cached. */
	Duration ttl();

	/**
	 * Whether reading it may block (files, processes, native calls). Only a collector that
	 * never blocks may run on an event-loop thread, as the ones read fresh for every scrape do.
	 */
	default boolean blocking() {
		return true;
	}

	/**
	 * Reads the source for the target and reports what it read.
	 * @throws IOException when the source cannot be read (a container that vanished, a
	 * malformed kernel file); the runner marks the collector unavailable
	 */
	void collect(Target target, MetricSink sink) throws IOException;

}
