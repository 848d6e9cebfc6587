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
import io.containermonitor.agent.collect.cgroup.KeyValueFile;
import io.containermonitor.agent.collect.cgroup.MemoryMetrics;
import io.containermonitor.agent.collect.cgroup.PressureFile;
import io.containermonitor.agent.collect.cgroup.SingleValueFile;

import org.springframework.stereotype.Component;

/**
 * Memory of a v2 cgroup: {@code memory.current}, {@code memory.max} ({@code max} =
 * unlimited, then no {@code mem_limit}), {@code memory.swap.current}/{@code .max} (absent
 * without swap accounting), {@code memory.stat} faults, {@code memory.events} and PSI.
 */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V2)
public class CgroupV2MemoryCollector extends CgroupCollector<CgroupLayout> {

	public CgroupV2MemoryCollector(CgroupLayout layout, AgentProperties properties) {
		super("memory", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Path dir = layout.controllerDir(target.requireContainer().relativeCgroupPath(), "memory");
		MemoryMetrics.usage(sink, SingleValueFile.parse("memory.current", layout.files().read(dir, "memory.current")));
		SingleValueFile.parseLimit("memory.max", layout.files().read(dir, "memory.max"))
			.ifPresent(limit -> MemoryMetrics.limit(sink, limit));
		Optional<String> swap = layout.files().readOptional(dir, "memory.swap.current");
		if (swap.isPresent()) {
			MemoryMetrics.swap(sink, SingleValueFile.parse("memory.swap.current", swap.get()));
		}
		Optional<String> swapMax = layout.files().readOptional(dir, "memory.swap.max");
		if (swapMax.isPresent()) {
			SingleValueFile.parseLimit("memory.swap.max", swapMax.get())
				.ifPresent(limit -> MemoryMetrics.swapLimit(sink, limit));
		}
		Optional<String> stat = layout.files().readOptional(dir, "memory.stat");
		if (stat.isPresent()) {
			Map<String, Long> s = KeyValueFile.parse("memory.stat", stat.get());
			MemoryMetrics.faults(sink, s.get("pgfault"), s.get("pgmajfault"));
		}
		Optional<String> events = layout.files().readOptional(dir, "memory.events");
		if (events.isPresent()) {
			Map<String, Long> e = KeyValueFile.parse("memory.events", events.get());
			if (e.containsKey("max")) {
				MemoryMetrics.limitHits(sink, e.get("max"));
			}
			if (e.containsKey("oom_kill")) {
				sink.counter("memory_oom_kills", "Processes of the container killed by the OOM killer",
						e.get("oom_kill"));
			}
		}
		Optional<String> pressure = layout.files().readOptional(dir, "memory.pressure");
		if (pressure.isPresent()) {
			CpuMetrics.pressure(sink, "memory", PressureFile.parseTotals("memory.pressure", pressure.get()));
		}
	}

}
