package io.containermonitor.agent.collect.node;

import java.time.Duration;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.Scope;
import oshi.SystemInfo;

/**
 * What every node ({@code gz}) collector reading OSHI shares: the OSHI handle, and the
 * node scope. Subclasses only read.
 */
public abstract class OshiCollector extends AbstractCollector {

	protected final SystemInfo system;

	protected OshiCollector(String name, SystemInfo system, Duration ttl) {
		super(name, Scope.NODE, ttl);
		this.system = system;
	}

}
