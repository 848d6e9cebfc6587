package io.containermonitor.agent.collect;

import java.util.Set;

/**
 * The cmon-agent metrics whose Triton names break today's Prometheus naming rules:
 * counters without {@code _total} ({@code cpu_user_usage}, {@code net_agg_bytes_in},
 * {@code vfs_bytes_read_count}, ...) and one gauge with it. Existing Triton dashboards
 * and alerts query these exact names, so the agent writes them exactly (a Prometheus
 * registry would rename the counters to {@code ..._total}); {@code promtool} lint
 * flags them, and nothing else (reference cmon-agent.md section 2).
 */
public final class TritonNames {

	/** Triton counters named without {@code _total}. */
	public static final Set<String> COUNTERS = Set.of("cpu_user_usage", "cpu_sys_usage", "cpu_wait_time",
			"mem_anon_alloc_fail", "net_agg_packets_in", "net_agg_bytes_out", "net_agg_packets_out", "net_agg_bytes_in",
			"tcp_failed_connection_attempt_count", "tcp_retransmitted_segment_count", "tcp_duplicate_ack_count",
			"tcp_listen_drop_count", "tcp_listen_drop_Qzero_count", "tcp_half_open_drop_count",
			"tcp_retransmit_timeout_drop_count", "tcp_active_open_count", "tcp_passive_open_count",
			"vfs_bytes_read_count", "vfs_bytes_written_count", "vfs_read_operation_count", "vfs_write_operation_count",
			"vfs_wait_time_count", "vfs_wait_length_time_count", "vfs_run_time_count", "vfs_run_length_time_count",
			"time_of_day", "metaslab_group_loads", "metaslab_group_unloads", "arcstats_hdr_size_bytes",
			"arcstats_l2_write_bytes", "arcstats_memory_throttle_count", "ntp_low_water_refill_count",
			"ntp_time_since_reset_seconds", "ntp_sysstats_reset_seconds", "ntp_uptime_seconds");

	/** A Triton gauge whose name ends in {@code _total}. */
	public static final String ESTABLISHED_CONNECTIONS = "tcp_current_established_connections_total";

	private TritonNames() {
	}

	/** Whether a reading of this name is written as Triton names it rather than through the registry. */
	public static boolean isExact(String name) {
		return COUNTERS.contains(name) || ESTABLISHED_CONNECTIONS.equals(name);
	}

}
