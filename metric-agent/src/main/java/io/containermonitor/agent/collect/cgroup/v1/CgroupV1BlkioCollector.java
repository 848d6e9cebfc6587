package io.containermonitor.agent.collect.cgroup.v1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupCollector;
import io.containermonitor.agent.collect.cgroup.BlkioFile;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;
import io.containermonitor.agent.collect.cgroup.IoMetrics;

import org.springframework.stereotype.Component;

/** Block I/O of a v1 cgroup: {@code blkio.throttle.io_service_bytes} and {@code io_serviced}. */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V1)
public class CgroupV1BlkioCollector extends CgroupCollector<CgroupV1Layout> {

	private static final String BYTES = "blkio.throttle.io_service_bytes";

	private static final String OPS = "blkio.throttle.io_serviced";

	public CgroupV1BlkioCollector(CgroupV1Layout layout, AgentProperties properties) {
		super("io", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		if (!layout.isMounted("blkio")) {
			return;
		}
		Path dir = layout.controllerDir(target.requireContainer().relativeCgroupPath(), "blkio");
		Optional<String> bytes = layout.files().readOptional(dir, BYTES);
		Optional<String> ops = layout.files().readOptional(dir, OPS);
		if (bytes.isEmpty() || ops.isEmpty()) {
			return;
		}
		Map<String, Long> b = BlkioFile.parseTotals(BYTES, bytes.get());
		Map<String, Long> o = BlkioFile.parseTotals(OPS, ops.get());
		// A device without I/O has no lines, so an absent operation is zero, not a failed read.
		IoMetrics.io(sink, b.getOrDefault("Read", 0L), b.getOrDefault("Write", 0L), o.getOrDefault("Read", 0L),
				o.getOrDefault("Write", 0L));
	}

}
