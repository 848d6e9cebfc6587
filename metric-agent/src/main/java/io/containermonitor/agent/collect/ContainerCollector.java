package io.containermonitor.agent.collect;

import java.time.Duration;

/**
 * What every collector of a container shares: its name, the container scope and how long
 * its reading is reused. Subclasses only read.
 */
public abstract class ContainerCollector implements Collector {

	private final String name;

	private final Duration ttl;

	protected ContainerCollector(String name, Duration ttl) {
		this.name = name;
		this.ttl = ttl;
	}

	@Override
	public final String name() {
		return name;
	}

	@Override
	public final Scope scope() {
		return Scope.CONTAINER;
	}

	@Override
	public final Duration ttl() {
		return ttl;
	}

}
