package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * cmon-agent's {@code cpu_util} (reference 2.3): every {@code cpu:<n>:sys} kstat of class
 * {@code misc}, nanoseconds as seconds, labelled {@code cpu_id="<n>"}.
 */
public class CpuUtilCollector extends AbstractCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("cpu_nsec_idle", "cpu_idle_seconds_total", "CPU idle time in seconds")
				.modified(CpuUtilCollector::seconds),
			KstatMetric.counter("cpu_nsec_kernel", "cpu_kernel_seconds_total", "CPU kernel time in seconds")
				.modified(CpuUtilCollector::seconds),
			KstatMetric.counter("cpu_nsec_user", "cpu_user_seconds_total", "CPU user time in seconds")
				.modified(CpuUtilCollector::seconds),
			KstatMetric.counter("cpu_nsec_dtrace", "cpu_dtrace_seconds_total", "CPU dtrace time in seconds")
				.modified(CpuUtilCollector::seconds));

	private final KstatHandle kstats;

	public CpuUtilCollector(KstatHandle kstats, Duration ttl) {
		super("cpu_util", Scope.NODE, ttl);
		this.kstats = kstats;
	}

	private static double seconds(double nanos) {
		return nanos / 1e9;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws KstatReadException {
		try (KstatChain chain = kstats.open()) {
			List<KstatSnapshot> cpus = chain.read("cpu", -1, "sys", "misc");
			if (cpus.isEmpty()) {
				throw new KstatReadException("no cpu:*:sys kstats");
			}
			for (KstatSnapshot cpu : cpus.stream().sorted(Comparator.comparingInt(KstatSnapshot::instance)).toList()) {
				KstatMetric.emit(cpu, TABLE, sink, Map.of("cpu_id", Integer.toString(cpu.instance())));
			}
		}
	}

}
