package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.collect.MetricSink;

/**
 * Block I/O of a container under cmon-agent's {@code vfs_*} names (reference 8: the
 * block-level cgroup counters are the per-container source; they exclude cache hits).
 */
public final class IoMetrics {

	private IoMetrics() {
	}

	public static void io(MetricSink sink, long readBytes, long writtenBytes, long reads, long writes) {
		sink.counter("vfs_bytes_read_count", "Bytes read from block devices by the container", readBytes);
		sink.counter("vfs_bytes_written_count", "Bytes written to block devices by the container", writtenBytes);
		sink.counter("vfs_read_operation_count", "Block device read operations of the container", reads);
		sink.counter("vfs_write_operation_count", "Block device write operations of the container", writes);
	}

}
