package io.containermonitor.agent.collect.fs;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.netns.ContainerProcfs;

import org.springframework.stereotype.Component;

/**
 * Usage of the file system holding a container's root ({@code statvfs} of
 * {@code /proc/<pid>/root}), under cmon-agent's {@code zfs_used}/{@code zfs_available}
 * names (reference 8). On overlayfs this is the host file system that holds the
 * layers, not a per-container quota. Cached for the file-system TTL (300 s).
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class RootFilesystemCollector extends AbstractCollector {

	private final ContainerProcfs processes;

	private final FileStores stores = new FileStores(4096);

	public RootFilesystemCollector(ContainerProcfs processes, AgentProperties properties) {
		super("filesystem", Scope.CONTAINER, properties.cache().filesystemTtl());
		this.processes = processes;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Optional<Path> proc = processes.anyDir(target);
		if (proc.isEmpty()) {
			return;
		}
		FilesystemUsage usage = stores.usage(proc.get().resolve("root/"));
		sink.gauge("zfs_used", "Bytes used on the file system of the container's root", usage.total() - usage.free());
		sink.gauge("zfs_available", "Bytes available to the container on the file system of its root",
				usage.available());
		sink.gauge("zfs_quota", "Size in bytes of the file system of the container's root", usage.total());
	}

}
