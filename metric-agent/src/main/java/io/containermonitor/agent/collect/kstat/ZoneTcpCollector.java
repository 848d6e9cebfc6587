package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code tcp} (reference 2.1): {@code tcp:<zid>:tcp}, class {@code mib2};
 * per zone because every zone has its own IP stack instance.
 */
public class ZoneTcpCollector extends ZoneKstatCollector {

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("attemptFails", "tcp_failed_connection_attempt_count", "Failed TCP connection attempts"),
			KstatMetric.counter("retransSegs", "tcp_retransmitted_segment_count", "Retransmitted TCP segments"),
			KstatMetric.counter("inDupAck", "tcp_duplicate_ack_count", "Duplicate TCP ACK count"),
			KstatMetric.counter("listenDrop", "tcp_listen_drop_count",
					"TCP listen drops. Connection refused because backlog full"),
			KstatMetric.counter("listenDropQ0", "tcp_listen_drop_Qzero_count",
					"Total # of connections refused due to half-open queue (q0) full"),
			KstatMetric.counter("halfOpenDrop", "tcp_half_open_drop_count",
					"TCP connection dropped from a full half-open queue"),
			KstatMetric.counter("timRetransDrop", "tcp_retransmit_timeout_drop_count",
					"TCP connection dropped due to retransmit timeout"),
			KstatMetric.counter("activeOpens", "tcp_active_open_count", "TCP active open connections"),
			KstatMetric.counter("passiveOpens", "tcp_passive_open_count", "TCP passive open connections"),
			KstatMetric.gauge("currEstab", "tcp_current_established_connections_total",
					"TCP total established connections"));

	public ZoneTcpCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super("tcp", kstats, zones, ttl);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		KstatMetric.emit(requireOne(chain, "tcp", zoneId, "tcp", "mib2"), TABLE, sink, Map.of());
	}

}
