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

/** Block devices of the node through OSHI. */
@Component
public class NodeDiskCollector implements Collector {

	private final SystemInfo system;

	private final Duration ttl;

	public NodeDiskCollector(SystemInfo system, AgentProperties properties) {
		this.system = system;
		this.ttl = properties.cache().kernelTtl();
	}

	@Override
	public String name() {
		return "node_disk";
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
		for (oshi.hardware.HWDiskStore disk : system.getHardware().getDiskStores()) {
			Map<String, String> l = Map.of("disk", String.valueOf(disk.getName()));
			sink.counter("node_disk_read_bytes", "Bytes read from the disk", disk.getReadBytes(), l);
			sink.counter("node_disk_written_bytes", "Bytes written to the disk", disk.getWriteBytes(), l);
			sink.counter("node_disk_reads_completed", "Read operations completed by the disk", disk.getReads(), l);
			sink.counter("node_disk_writes_completed", "Write operations completed by the disk", disk.getWrites(), l);
		}
	}

}
