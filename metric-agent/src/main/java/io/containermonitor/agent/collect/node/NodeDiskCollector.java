package io.containermonitor.agent.collect.node;

import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Block devices of the node through OSHI. */
@Component
public class NodeDiskCollector extends OshiCollector {

	public NodeDiskCollector(SystemInfo system, AgentProperties properties) {
		super("node_disk", system, properties.cache().kernelTtl());
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
