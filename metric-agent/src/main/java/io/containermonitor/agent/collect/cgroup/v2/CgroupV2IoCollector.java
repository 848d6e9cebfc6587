package io.containermonitor.agent.collect.cgroup.v2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupCollector;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;
import io.containermonitor.agent.collect.cgroup.CpuMetrics;
import io.containermonitor.agent.collect.cgroup.IoMetrics;
import io.containermonitor.agent.collect.cgroup.IoStatFile;
import io.containermonitor.agent.collect.cgroup.PressureFile;

import org.springframework.stereotype.Component;

/** Block I/O of a v2 cgroup: {@code io.stat} summed over devices, and {@code io.pressure}. */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V2)
public class CgroupV2IoCollector extends CgroupCollector<CgroupLayout> {

	public CgroupV2IoCollector(CgroupLayout layout, AgentProperties properties) {
		super("io", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Path dir = layout.controllerDir(target.requireContainer().relativeCgroupPath(), "io");
		Optional<String> stat = layout.files().readOptional(dir, IoStatFile.FILE);
		if (stat.isPresent()) {
			// io.stat exists only with the io controller enabled for the cgroup's parent.
			Map<String, Long> t = IoStatFile.parseTotals(stat.get());
			IoMetrics.io(sink, t.getOrDefault("rbytes", 0L), t.getOrDefault("wbytes", 0L), t.getOrDefault("rios", 0L),
					t.getOrDefault("wios", 0L));
		}
		Optional<String> pressure = layout.files().readOptional(dir, "io.pressure");
		if (pressure.isPresent()) {
			CpuMetrics.pressure(sink, "io", PressureFile.parseTotals("io.pressure", pressure.get()));
		}
	}

}
