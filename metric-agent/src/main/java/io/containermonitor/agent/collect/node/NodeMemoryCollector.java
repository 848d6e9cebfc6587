package io.containermonitor.agent.collect.node;


import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Memory and swap of the node through OSHI. */
@Component
public class NodeMemoryCollector extends OshiCollector {

	public NodeMemoryCollector(SystemInfo system, AgentProperties properties) {
		super("node_memory", system, properties.cache().kernelTtl());
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		oshi.hardware.GlobalMemory memory = system.getHardware().getMemory();
		sink.gauge("node_memory_total_bytes", "Physical memory of the node in bytes", memory.getTotal());
		sink.gauge("node_memory_available_bytes", "Memory available to new work without swapping, in bytes",
				memory.getAvailable());
		oshi.hardware.VirtualMemory virtual = memory.getVirtualMemory();
		sink.gauge("node_swap_total_bytes", "Swap space of the node in bytes", virtual.getSwapTotal());
		sink.gauge("node_swap_used_bytes", "Swap space in use in bytes", virtual.getSwapUsed());
	}

}
