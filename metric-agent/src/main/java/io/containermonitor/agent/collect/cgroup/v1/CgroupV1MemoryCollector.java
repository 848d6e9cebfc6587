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
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;
import io.containermonitor.agent.collect.cgroup.KeyValueFile;
import io.containermonitor.agent.collect.cgroup.MemoryMetrics;
import io.containermonitor.agent.collect.cgroup.SingleValueFile;

import org.springframework.stereotype.Component;

/**
 * Memory of a v1 cgroup: {@code memory.usage_in_bytes}, {@code memory.limit_in_bytes}
 * (a value near {@code Long.MAX_VALUE} = unlimited), swap from {@code memory.stat swap}
 * and {@code memory.memsw.limit_in_bytes} (RAM+swap, the SmartOS meaning of swapcap;
 * both absent without swap accounting), faults from {@code memory.stat} and limit hits
 * from {@code memory.failcnt}.
 */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V1)
public class CgroupV1MemoryCollector extends CgroupCollector<CgroupV1Layout> {

	public CgroupV1MemoryCollector(CgroupV1Layout layout, AgentProperties properties) {
		super("memory", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Path dir = layout.controllerDir(target.requireContainer().relativeCgroupPath(), "memory");
		MemoryMetrics.usage(sink,
				SingleValueFile.parse("memory.usage_in_bytes", layout.files().read(dir, "memory.usage_in_bytes")));
		long limit = SingleValueFile.parse("memory.limit_in_bytes", layout.files().read(dir, "memory.limit_in_bytes"));
		if (!CgroupV1Layout.isUnlimited(limit)) {
			MemoryMetrics.limit(sink, limit);
		}
		Map<String, Long> stat = KeyValueFile.parse("memory.stat", layout.files().read(dir, "memory.stat"));
		// total_* count the cgroup and its descendants; the plain keys only the cgroup itself
		Long swap = stat.getOrDefault("total_swap", stat.get("swap"));
		if (swap != null) {
			MemoryMetrics.swap(sink, swap);
		}
		Optional<String> memsw = layout.files().readOptional(dir, "memory.memsw.limit_in_bytes");
		if (memsw.isPresent()) {
			long swapLimit = SingleValueFile.parse("memory.memsw.limit_in_bytes", memsw.get());
			if (!CgroupV1Layout.isUnlimited(swapLimit)) {
				MemoryMetrics.swapLimit(sink, swapLimit);
			}
		}
		MemoryMetrics.faults(sink, stat.getOrDefault("total_pgfault", stat.get("pgfault")),
				stat.getOrDefault("total_pgmajfault", stat.get("pgmajfault")));
		Optional<String> failcnt = layout.files().readOptional(dir, "memory.failcnt");
		if (failcnt.isPresent()) {
			MemoryMetrics.limitHits(sink, SingleValueFile.parse("memory.failcnt", failcnt.get()));
		}
	}

}
