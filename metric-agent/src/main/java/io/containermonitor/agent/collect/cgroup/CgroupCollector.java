package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.ContainerCollector;

/**
 * What every collector of a container's cgroup files shares: its layout (v1 or v2) and
 * the kernel-counter TTL, besides what every {@link ContainerCollector} shares.
 *
 * @param <L> the layout the collector reads through
 */
public abstract class CgroupCollector<L extends CgroupLayout> extends ContainerCollector {

	protected final L layout;

	protected CgroupCollector(String name, L layout, AgentProperties properties) {
		super(name, properties.cache().kernelTtl());
		this.layout = layout;
	}

}
