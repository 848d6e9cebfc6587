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

/** Local file systems of the node through OSHI; cached for the file-system TTL. */
@Component
public class NodeFilesystemCollector implements Collector {

	private final SystemInfo system;

	private final Duration ttl;

	public NodeFilesystemCollector(SystemInfo system, AgentProperties properties) {
		this.system = system;
		this.ttl = properties.cache().filesystemTtl();
	}

	@Override
	public String name() {
		return "node_filesystem";
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
		for (oshi.software.os.OSFileStore store : system.getOperatingSystem().getFileSystem().getFileStores(true)) {
			Map<String, String> l = Map.of("mountpoint", String.valueOf(store.getMount()), "fstype", String.valueOf(store.getType()));
			sink.gauge("node_filesystem_size_bytes", "Size of the file system in bytes", store.getTotalSpace(), l);
			sink.gauge("node_filesystem_free_bytes", "Free space of the file system in bytes", store.getFreeSpace(), l);
			sink.gauge("node_filesystem_avail_bytes", "Space available to unprivileged users in bytes",
					store.getUsableSpace(), l);
		}
	}

}
