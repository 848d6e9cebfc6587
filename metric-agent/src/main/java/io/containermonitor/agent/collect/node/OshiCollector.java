package io.containermonitor.agent.collect.node;

import java.time.Duration;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.Scope;
import oshi.SystemInfo;

/**
 * What every node ({@code gz}) collector reading OSHI shares: the OSHI handle, its
 * name, the node scope and its TTL. Subclasses only read.
 */
public abstract class OshiCollector implements Collector {

	protected final SystemInfo system;

	private final String name;

	private final Duration ttl;

	protected OshiCollector(String name, SystemInfo system, Duration ttl) {
		this.name = name;
		this.system = system;
		this.ttl = ttl;
	}

	@Override
	public final String name() {
		return name;
	}

	@Override
	public final Scope scope() {
		return Scope.NODE;
	}

	@Override
	public final Duration ttl() {
		return ttl;
	}

}
