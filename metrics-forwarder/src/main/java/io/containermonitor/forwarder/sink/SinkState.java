package io.containermonitor.forwarder.sink;

import java.time.Instant;

/**
 * A snapshot of one sink, for health.
 *
 * @param name the sink
 * @param destination where it writes
 * @param up whether the last write succeeded (true before the first write)
 * @param buffered samples waiting, including a batch being retried
 * @param capacity the buffer's capacity
 * @param consecutiveFailures failed writes since the last success
 * @param failingSince when the current run of failures began, or null
 * @param lastError the last failure, or null
 * @param lastSuccess when a write last succeeded, or null
 */
public record SinkState(String name, String destination, boolean up, int buffered, int capacity,
		int consecutiveFailures, Instant failingSince, String lastError, Instant lastSuccess) {
}
