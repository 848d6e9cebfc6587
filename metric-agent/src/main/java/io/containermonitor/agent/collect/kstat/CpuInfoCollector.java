package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/** cmon-agent's {@code cpu_info} (reference 2.3): {@code cpu_info:0:*}, class {@code misc}: the CPU model. */
public class CpuInfoCollector extends AbstractCollector {

	static final List<KstatMetric> TABLE = List.of(KstatMetric.gauge("model", "cpu_info_model", "CPU model"));

	private final KstatHandle kstats;

	public CpuInfoCollector(KstatHandle kstats, Duration ttl) {
		super("cpu_info", Scope.NODE, ttl);
		this.kstats = kstats;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws KstatReadException {
		try (KstatChain chain = kstats.open()) {
			List<KstatSnapshot> found = chain.read("cpu_info", 0, null, "misc");
			if (found.size() != 1) {
				throw new KstatReadException("expected one kstat cpu_info:0:*, found " + found.size());
			}
			KstatMetric.emit(found.get(0), TABLE, sink, Map.of());
		}
	}

}
