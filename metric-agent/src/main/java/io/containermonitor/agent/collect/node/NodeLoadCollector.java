package io.containermonitor.agent.collect.node;


import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Load averages and uptime of the node through OSHI. */
@Component
public class NodeLoadCollector extends OshiCollector {

	public NodeLoadCollector(SystemInfo system, AgentProperties properties) {
		super("node_load", system, properties.cache().kernelTtl());
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		double[] load = system.getHardware().getProcessor().getSystemLoadAverage(3);
		sink.gauge("node_load1", "1-minute load average of the node", load[0]);
		sink.gauge("node_load5", "5-minute load average of the node", load[1]);
		sink.gauge("node_load15", "15-minute load average of the node", load[2]);
		sink.gauge("node_uptime_seconds", "Seconds since the node booted",
				system.getOperatingSystem().getSystemUptime());
		sink.gauge("node_boot_time_seconds", "Boot time of the node in seconds since the epoch",
				system.getOperatingSystem().getSystemBootTime());
	}

}
