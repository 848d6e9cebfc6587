package io.containermonitor.agent.collect.cgroup.v2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupCollector;
import io.containermonitor.agent.collect.cgroup.CgroupFormatException;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;
import io.containermonitor.agent.collect.cgroup.CpuMetrics;
import io.containermonitor.agent.collect.cgroup.KeyValueFile;
import io.containermonitor.agent.collect.cgroup.PressureFile;

import org.springframework.stereotype.Component;

/**
 * CPU of a v2 cgroup: {@code cpu.stat} (usage always; throttling only with the cpu
 * controller enabled), {@code cpu.max} (the cap) and {@code cpu.pressure} (PSI).
 */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V2)
public class CgroupV2CpuCollector extends CgroupCollector<CgroupLayout> {

	public CgroupV2CpuCollector(CgroupLayout layout, AgentProperties properties) {
		super("cpu", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Path dir = layout.controllerDir(target.requireContainer().relativeCgroupPath(), "cpu");
		Map<String, Long> stat = KeyValueFile.parse("cpu.stat", layout.files().read(dir, "cpu.stat"));
		CpuMetrics.usage(sink, KeyValueFile.require(stat, "cpu.stat", "user_usec") * 1000.0,
				KeyValueFile.require(stat, "cpu.stat", "system_usec") * 1000.0);
		if (stat.containsKey("nr_periods")) {
			CpuMetrics.throttling(sink, stat.get("nr_periods"), KeyValueFile.require(stat, "cpu.stat", "nr_throttled"),
					KeyValueFile.require(stat, "cpu.stat", "throttled_usec") / 1e6);
		}
		Optional<String> max = layout.files().readOptional(dir, "cpu.max");
		if (max.isPresent()) {
			parseMax(max.get()).ifPresent(qp -> CpuMetrics.cap(sink, qp[0], qp[1]));
		}
		Optional<String> pressure = layout.files().readOptional(dir, "cpu.pressure");
		if (pressure.isPresent()) {
			CpuMetrics.pressure(sink, "cpu", PressureFile.parseTotals("cpu.pressure", pressure.get()));
		}
	}

	/** {@code cpu.max} is "quota period"; a quota of {@code max} means no cap (empty). */
	static Optional<double[]> parseMax(String text) {
		String[] f = text.trim().split("\\s+");
		if (f.length != 2) {
			throw new CgroupFormatException("cpu.max",
					"not 'quota period': '" + text.trim() + "'");
		}
		if (f[0].equals("max")) {
			return Optional.empty();
		}
		try {
			return Optional.of(new double[] { Long.parseLong(f[0]), Long.parseLong(f[1]) });
		}
		catch (NumberFormatException ex) {
			throw new CgroupFormatException("cpu.max",
					"not integers: '" + text.trim() + "'");
		}
	}

}
