package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/** cmon-agent's {@code cpu_info} (reference 2.3): {@code cpu_info:0:*}, class {@code misc}: the CPU model. */
public class CpuInfoCollector implements Collector {

	static final List<KstatMetric> TABLE = List.of(KstatMetric.gauge("model", "cpu_info_model", "CPU model"));

	private final KstatHandle kstats;

	private final Duration ttl;

	public CpuInfoCollector(KstatHandle kstats, Duration ttl) {
		this.kstats = kstats;
		this.ttl = ttl;
	}

	@Override
	public String name() {
		return "cpu_info";
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
