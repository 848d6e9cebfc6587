package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.collect.MetricSink;

/** The memory metrics every cgroup version reports, named as cmon-agent names them (reference 2.1, 8). */
public final class MemoryMetrics {

	private MemoryMetrics() {
	}

	public static void usage(MetricSink sink, long bytes) {
		sink.gauge("mem_agg_usage", "Memory charged to the container in bytes (Linux: cgroup memory usage)", bytes);
	}

	public static void limit(MetricSink sink, long bytes) {
		sink.gauge("mem_limit", "Memory limit of the container in bytes; absent when unlimited", bytes);
	}

	public static void swap(MetricSink sink, long bytes) {
		sink.gauge("mem_swap", "Swap used by the container in bytes", bytes);
	}

	public static void swapLimit(MetricSink sink, long bytes) {
		sink.gauge("mem_swap_limit", "Swap limit of the container in bytes; absent when unlimited", bytes);
	}

	public static void limitHits(MetricSink sink, long count) {
		sink.counter("mem_anon_alloc_fail", "Times the container's memory use hit its limit", count);
	}

	public static void faults(MetricSink sink, Long minorAndMajor, Long major) {
		if (minorAndMajor != null) {
			sink.counter("memory_page_faults", "Page faults (minor and major) of the container's tasks",
					minorAndMajor);
		}
		if (major != null) {
			sink.counter("memory_major_page_faults", "Major page faults (needing I/O) of the container's tasks",
					major);
		}
	}

}
