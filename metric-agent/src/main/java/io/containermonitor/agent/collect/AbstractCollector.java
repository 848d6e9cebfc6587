package io.containermonitor.agent.collect;

import java.time.Duration;

/**
 * What most collectors share: a fixed name, scope and time their reading is reused.
 * Subclasses only read.
 */
public abstract class AbstractCollector implements Collector {

	private final String name;

	private final Scope scope;

	private final Duration ttl;

	protected AbstractCollector(String name, Scope scope, Duration ttl) {
		this.name = name;
		this.scope = scope;
		this.ttl = ttl;
	}

	@Override
	public final String name() {
		return name;
	}

	@Override
	public final Scope scope() {
		return scope;
	}

	@Override
	public final Duration ttl() {
		return ttl;
	}

}
