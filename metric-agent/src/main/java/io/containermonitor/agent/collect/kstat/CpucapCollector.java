package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code cpucap} (reference 2.1): {@code caps:<zid>:cpucaps_zone_<zid>},
 * class {@code zone_caps}. A zone without a cpu_cap has no such kstat: then nothing is
 * reported and the collector is still available ({@code EMPTY_OK}).
 */
public class CpucapCollector extends ZoneKstatCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("above_base_sec", "cpucap_above_base_seconds_total",
					"Time (in seconds) a zone has spent over the baseline"),
			KstatMetric.counter("above_sec", "cpucap_above_seconds_total",
					"Time (in seconds) a zone has spent over its cpu_cap"),
			KstatMetric.gauge("baseline", "cpucap_baseline_percentage",
					"The \"normal\" CPU utilization expected for a zone with this cpu_cap (percentage of a single CPU)"),
			KstatMetric.counter("below_sec", "cpucap_below_seconds_total",
					"Time (in seconds) a zone has spent under its cpu_cap"),
			KstatMetric.gauge("burst_limit_sec", "cpucap_burst_limit_seconds",
					"The limit on the number of seconds a zone can burst over its cpu_cap before the effective cap is lowered to the baseline"),
			KstatMetric.gauge("effective", "cpucap_effective_percentage",
					"Shows which cap is being used, the baseline value or the burst value"),
			KstatMetric.gauge("maxusage", "cpucap_max_usage_percentage",
					"The highest CPU utilization the zone has seen since booting (percentage of a single CPU)"),
			KstatMetric.gauge("nwait", "cpucap_waiting_threads_count",
					"The number of threads put on the wait queue due to the zone being over its cap"),
			KstatMetric.gauge("usage", "cpucap_cur_usage_percentage",
					"Current CPU utilization of the zone (percentage of a single CPU)"),
			KstatMetric.gauge("value", "cpucap_limit_percentage", "The cpu_cap limit (percentage of a single CPU)"));

	public CpucapCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super("cpucap", kstats, zones, ttl);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		List<KstatSnapshot> found = chain.read("caps", zoneId, "cpucaps_zone_" + zoneId, "zone_caps");
		Optional<KstatSnapshot> kstat = found.stream().findFirst();
		if (kstat.isPresent()) {
			KstatMetric.emit(kstat.get(), TABLE, sink, Map.of());
		}
	}

}
