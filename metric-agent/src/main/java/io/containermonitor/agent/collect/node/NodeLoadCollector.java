package io.containermonitor.agent.collect.node;

import java.time.Duration;
import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Load averages and uptime of the node through OSHI. */
@Component
public class NodeLoadCollector implements Collector {

	private final SystemInfo system;

	private final Duration ttl;

	public NodeLoadCollector(SystemInfo system, AgentProperties properties) {
		this.system = system;
		this.ttl = properties.cache().kernelTtl();
	}

	@Override
	public String name() {
		return "node_load";
	}

	@Override
	public Scope scope() {
		return Scope.NODE;
	}

	@Override
	public Duration ttl() {
		return ttl;
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
