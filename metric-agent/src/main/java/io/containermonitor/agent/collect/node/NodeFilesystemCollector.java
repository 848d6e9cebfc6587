package io.containermonitor.agent.collect.node;

import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Local file systems of the node through OSHI; cached for the file-system TTL. */
@Component
public class NodeFilesystemCollector extends OshiCollector {

	public NodeFilesystemCollector(SystemInfo system, AgentProperties properties) {
		super("node_filesystem", system, properties.cache().filesystemTtl());
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		for (oshi.software.os.OSFileStore store : system.getOperatingSystem().getFileSystem().getFileStores(true)) {
			Map<String, String> l = Map.of("mountpoint", String.valueOf(store.getMount()), "fstype", String.valueOf(store.getType()));
			sink.gauge("node_filesystem_size_bytes", "Size of the file system in bytes", store.getTotalSpace(), l);
			sink.gauge("node_filesystem_free_bytes", "Free space of the file system in bytes", store.getFreeSpace(), l);
			sink.gauge("node_filesystem_avail_bytes", "Space available to unprivileged users in bytes",
					store.getUsableSpace(), l);
		}
	}

}
