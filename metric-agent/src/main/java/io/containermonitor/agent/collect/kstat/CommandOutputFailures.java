package io.containermonitor.agent.collect.kstat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts output lines of system commands that did not parse, per command, and logs each
 * with the offending line. Reported by {@link KstatBackendCollector}. Thread-safe.
 */
public final class CommandOutputFailures {

	private static final Logger log = LoggerFactory.getLogger(CommandOutputFailures.class);

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	/** Logs and counts one rejected line of the command's output. */
	public void reject(String command, String line, String reason) {
		log.warn("{} output rejected ({}): '{}'", command, reason, line);
		counts.computeIfAbsent(command, c -> new LongAdder()).increment();
	}

	/** Rejected lines by command, sorted by command. */
	public Map<String, Long> counts() {
		Map<String, Long> copy = new TreeMap<>();
		counts.forEach((k, v) -> copy.put(k, v.sum()));
		return copy;
	}

}
