package io.containermonitor.agent.collect.cgroup;

import java.time.Duration;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.Scope;

/**
 * What every collector of a container's cgroup files shares: its layout (v1 or v2),
 * its name, the container scope and the kernel-counter TTL. Subclasses only read.
 *
 * @param <L> the layout the collector reads through
 */
public abstract class CgroupCollector<L extends CgroupLayout> implements Collector {

	protected final L layout;

	private final String name;

	private final Duration ttl;

	protected CgroupCollector(String name, L layout, AgentProperties properties) {
		this.name = name;
		this.layout = layout;
		this.ttl = properties.cache().kernelTtl();
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
