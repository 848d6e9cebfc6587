package io.containermonitor.agent.collect.cgroup;

import java.util.Map;

import io.containermonitor.agent.collect.MetricSink;

/**
 * The CPU metrics every cgroup version reports, named as cmon-agent names them
 * (reference sections 2.1 and 8), in one place so the v1 and v2 collectors agree.
 */
public final class CpuMetrics {

	private CpuMetrics() {
	}

	public static void usage(MetricSink sink, double userNanos, double systemNanos) {
		sink.counter("cpu_user_usage", "User CPU utilization in nanoseconds", userNanos);
		sink.counter("cpu_sys_usage", "System CPU utilization in nanoseconds", systemNanos);
	}

	public static void throttling(MetricSink sink, long periods, long throttledPeriods, double throttledSeconds) {
		sink.counter("cpu_periods", "CFS enforcement periods that elapsed while the container was runnable", periods);
		sink.counter("cpu_throttled_periods", "CFS enforcement periods in which the container was throttled",
				throttledPeriods);
		sink.counter("cpucap_above_seconds_total",
				"Seconds the container was throttled by its CPU cap (Linux: CFS throttled time)", throttledSeconds);
	}

	public static void cap(MetricSink sink, double quota, double period) {
		sink.gauge("cpucap_limit_percentage", "CPU cap in percent of one CPU (quota / period x 100)",
				quota / period * 100.0);
	}

	public static void pressure(MetricSink sink, String resource, Map<String, Long> totalsMicros) {
		Long some = totalsMicros.get("some");
		if (some != null) {
			sink.counter(resource + "_pressure_some_seconds",
					"Seconds in which at least one task of the container stalled on " + resource + " (PSI some)",
					some / 1e6);
		}
		Long full = totalsMicros.get("full");
		if (full != null) {
			sink.counter(resource + "_pressure_full_seconds",
					"Seconds in which all non-idle tasks of the container stalled on " + resource + " (PSI full)",
					full / 1e6);
		}
	}

}
