package io.containermonitor.cns.dns.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The last commits of one zone, for IXFR (RFC 1995). Kept in memory: after a restart
 * the first serial has no journal and secondaries get a full transfer. Thread-safe.
 */
final class ZoneJournal {

	/**
	 * The change from one serial to the next.
	 *
	 * @param from the base serial
	 * @param to the new serial
	 * @param removed names removed
	 * @param added names added
	 */
	record Delta(long from, long to, Set<UUID> removed, Set<UUID> added) {

	}

	private final int capacity;

	private final Deque<Delta> deltas = new ArrayDeque<>();

	ZoneJournal(int capacity) {
		this.capacity = capacity;
	}

	synchronized void add(Delta delta) {
		Delta last = deltas.peekLast();
		if (last != null && last.to() != delta.from()) {
			deltas.clear();
		}
		deltas.addLast(delta);
		while (deltas.size() > capacity) {
			deltas.removeFirst();
		}
	}

	/** The chain of deltas from {@code base} to {@code current}, or empty if the journal does not reach back. */
	synchronized Optional<List<Delta>> between(long base, long current) {
		List<Delta> chain = new ArrayList<>();
		boolean started = false;
		for (Delta delta : deltas) {
			if (!started && delta.from() == base) {
				started = true;
			}
			if (started) {
				chain.add(delta);
				if (delta.to() == current) {
					return Optional.of(chain);
				}
			}
		}
		return Optional.empty();
	}

}
