package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.Scope;

/**
 * What every collector of a container's cgroup files shares: its layout (v1 or v2) and
 * the kernel-counter TTL, besides what every {@link AbstractCollector} shares.
 *
 * @param <L> the layout the collector reads through
 */
public abstract class CgroupCollector<L extends CgroupLayout> extends AbstractCollector {

	protected final L layout;

	protected CgroupCollector(String name, L layout, AgentProperties properties) {
		super(name, Scope.CONTAINER, properties.cache().kernelTtl());
		this.layout = layout;
	}

}
