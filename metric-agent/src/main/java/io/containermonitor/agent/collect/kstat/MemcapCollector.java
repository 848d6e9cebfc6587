package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code memcap} (reference 2.1): {@code memory_cap:<zid>:*}, class
 * {@code zone_memory_cap}. A cap of 0 or {@code UINT64_MAX} means none: then
 * {@code mem_limit} / {@code mem_swap_limit} is left out. cmon-agent's modifier returned
 * undefined there and then failed the whole collector (reference 9.3); not copied.
 */
public class MemcapCollector extends ZoneKstatCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.gauge("rss", "mem_agg_usage", "Aggregate memory usage in bytes"),
			KstatMetric.counter("anon_alloc_fail", "mem_anon_alloc_fail", "Anonymous allocation failure count"),
			KstatMetric.gauge("swap", "mem_swap", "Swap in bytes"));

	public MemcapCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super("memcap", kstats, zones, ttl);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		KstatSnapshot kstat = requireOne(chain, "memory_cap", zoneId, null, "zone_memory_cap");
		KstatMetric.emit(kstat, TABLE, sink, Map.of());
		limit(kstat, "physcap", "mem_limit", "Memory limit in bytes", sink);
		limit(kstat, "swapcap", "mem_swap_limit", "Swap limit in bytes", sink);
	}

	private static void limit(KstatSnapshot kstat, String statistic, String metric, String help, MetricSink sink)
			throws KstatReadException {
		KstatValue cap = kstat.get(statistic)
			.orElseThrow(() -> new KstatReadException("kstat " + kstat.id() + " has no statistic '" + statistic + "'"));
		if (cap.raw() == 0 || cap.isUnsignedMax()) {
			return;
		}
		sink.gauge(metric, help, kstat.number(statistic));
	}

}
