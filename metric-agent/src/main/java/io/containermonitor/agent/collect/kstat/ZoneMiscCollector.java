package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code zone_misc} (reference 2.1): {@code zones:<zid>:<zonename[0..30]>},
 * class {@code zone_misc}: CPU time and the 1-minute load.
 */
public class ZoneMiscCollector extends ZoneKstatCollector {

	/** {@code avenrun_1min} is fixed point with FSCALE = 1 << FSHIFT (8). */
	static final double FSCALE = 256.0;

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("nsec_user", "cpu_user_usage", "User CPU utilization in nanoseconds"),
			KstatMetric.counter("nsec_sys", "cpu_sys_usage", "System CPU usage in nanoseconds"),
			KstatMetric.counter("nsec_waitrq", "cpu_wait_time", "CPU wait time in nanoseconds"),
			KstatMetric.gauge("avenrun_1min", "load_average", "Load average").modified(v -> v / FSCALE));

	public ZoneMiscCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super("zone_misc", kstats, zones, ttl);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		KstatSnapshot kstat = requireOne(chain, ZoneKstats.MODULE, zoneId, ZoneKstats.kstatName(zonename),
				ZoneKstats.CLASS);
		KstatMetric.emit(kstat, TABLE, sink, Map.of());
	}

}
