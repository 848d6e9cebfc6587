package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code zone_vfs} (reference 2.1): {@code zone_vfs:<zid>:*}, class
 * {@code zone_vfs}. In illumos this is a KSTAT_TYPE_NAMED kstat ({@code zone_vfs_kstat_t}
 * in uts/common/os/zone.c) holding kstat_io-like counters, not a KSTAT_TYPE_IO one.
 */
public class ZoneVfsCollector extends ZoneKstatCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("nread", "vfs_bytes_read_count", "VFS number of bytes read"),
			KstatMetric.counter("nwritten", "vfs_bytes_written_count", "VFS number of bytes written"),
			KstatMetric.counter("reads", "vfs_read_operation_count", "VFS number of read operations"),
			KstatMetric.counter("writes", "vfs_write_operation_count", "VFS number of write operations"),
			KstatMetric.counter("wtime", "vfs_wait_time_count", "VFS cumulative wait (pre-service) time"),
			KstatMetric.counter("wlentime", "vfs_wait_length_time_count", "VFS cumulative wait length*time product"),
			KstatMetric.counter("rtime", "vfs_run_time_count", "VFS cumulative run (pre-service) time"),
			// cmon-agent reads wlentime here, duplicating the wait value (reference 9.1);
			// the run length*time product is rlentime.
			KstatMetric.counter("rlentime", "vfs_run_length_time_count", "VFS cumulative run length*time product"),
			KstatMetric.gauge("wcnt", "vfs_elements_wait_state", "VFS number of elements in wait state"),
			KstatMetric.gauge("rcnt", "vfs_elements_run_state", "VFS number of elements in run state"));

	public ZoneVfsCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super("zone_vfs", kstats, zones, ttl);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		KstatMetric.emit(requireOne(chain, "zone_vfs", zoneId, null, "zone_vfs"), TABLE, sink, Map.of());
	}

}
