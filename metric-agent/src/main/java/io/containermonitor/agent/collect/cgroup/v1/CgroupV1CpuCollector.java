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
import io.containermonitor.agent.collect.cgroup.CpuMetrics;
import io.containermonitor.agent.collect.cgroup.KeyValueFile;
import io.containermonitor.agent.collect.cgroup.SingleValueFile;

import org.springframework.stereotype.Component;

/**
 * CPU of a v1 cgroup: {@code cpuacct.usage_user}/{@code usage_sys} in ns (or
 * {@code cpuacct.stat} in USER_HZ ticks on kernels without them), {@code cpu.stat}
 * throttling and {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us} (-1 = no cap).
 * Works whether cpu and cpuacct are mounted together or apart.
 */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V1)
public class CgroupV1CpuCollector extends CgroupCollector<CgroupV1Layout> {

	/** USER_HZ: the unit of cpuacct.stat, 100 on every Linux ABI. */
	static final long USER_HZ = 100;

	public CgroupV1CpuCollector(CgroupV1Layout layout, AgentProperties properties) {
		super("cpu", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		String cgroup = target.requireContainer().relativeCgroupPath();
		Path acct = layout.controllerDir(cgroup, "cpuacct");
		Optional<String> user = layout.files().readOptional(acct, "cpuacct.usage_user");
		Optional<String> sys = layout.files().readOptional(acct, "cpuacct.usage_sys");
		if (user.isPresent() && sys.isPresent()) {
			CpuMetrics.usage(sink, SingleValueFile.parse("cpuacct.usage_user", user.get()),
					SingleValueFile.parse("cpuacct.usage_sys", sys.get()));
		}
		else {
			Map<String, Long> stat = KeyValueFile.parse("cpuacct.stat", layout.files().read(acct, "cpuacct.stat"));
			long nanosPerTick = 1_000_000_000L / USER_HZ;
			CpuMetrics.usage(sink, KeyValueFile.require(stat, "cpuacct.stat", "user") * (double) nanosPerTick,
					KeyValueFile.require(stat, "cpuacct.stat", "system") * (double) nanosPerTick);
		}
		if (!layout.isMounted("cpu")) {
			return;
		}
		Path cpu = layout.controllerDir(cgroup, "cpu");
		Optional<String> stat = layout.files().readOptional(cpu, "cpu.stat");
		if (stat.isPresent()) {
			Map<String, Long> s = KeyValueFile.parse("cpu.stat", stat.get());
			CpuMetrics.throttling(sink, KeyValueFile.require(s, "cpu.stat", "nr_periods"),
					KeyValueFile.require(s, "cpu.stat", "nr_throttled"),
					KeyValueFile.require(s, "cpu.stat", "throttled_time") / 1e9);
		}
		Optional<String> quota = layout.files().readOptional(cpu, "cpu.cfs_quota_us");
		Optional<String> period = layout.files().readOptional(cpu, "cpu.cfs_period_us");
		if (quota.isPresent() && period.isPresent()) {
			long q = SingleValueFile.parse("cpu.cfs_quota_us", quota.get());
			long p = SingleValueFile.parse("cpu.cfs_period_us", period.get());
			if (q > 0 && p > 0) {
				CpuMetrics.cap(sink, q, p);
			}
		}
	}

}
