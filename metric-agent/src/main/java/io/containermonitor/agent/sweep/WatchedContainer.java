package io.containermonitor.agent.sweep;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.collect.Outcome;

/**
 * A container someone scrapes: its last snapshot, when it was scraped, and when the sweep
 * reads it next. Scrapes update the schedule without a lock (they run on the event loop);
 * readings of one container are serialised on the instance's monitor.
 */
final class WatchedContainer {

	private final UUID vmUuid;

	private volatile Snapshot snapshot;

	private volatile long lastScrapeNanos;

	private volatile long scrapeIntervalNanos;

	private volatile boolean gzip;

	/** Each fixed collector's last outcome and when it expires. Guarded by this. */
	private final Map<String, Timed> outcomes = new HashMap<>();

	WatchedContainer(UUID vmUuid, long nowNanos) {
		this.vmUuid = vmUuid;
		this.lastScrapeNanos = nowNanos;
	}

	UUID vmUuid() {
		return vmUuid;
	}

	Snapshot snapshot() {
		return snapshot;
	}

	void snapshot(Snapshot next) {
		this.snapshot = next;
	}

	/**
	 * Notes a scrape. The gap to the one before is the scrape interval the next read is timed
	 * for; gaps under 100 ms (two scrapers at once, a retry) say nothing of the interval.
	 */
	void scraped(long nowNanos, boolean wantsGzip) {
		long gap = nowNanos - lastScrapeNanos;
		if (gap >= 100_000_000L) {
			scrapeIntervalNanos = gap;
		}
		lastScrapeNanos = nowNanos;
		gzip = wantsGzip;
	}

	long lastScrapeNanos() {
		return lastScrapeNanos;
	}

	boolean wantsGzip() {
		return gzip;
	}

	/**
	 * When the sweep should read next: just before the first expected scrape that the
	 * current snapshot can no longer serve. Without a known interval (one scrape so far),
	 * just before it expires. Never later than that expected scrape, never more than once
	 * per TTL, and not at all for a container nobody scrapes.
	 */
	long nextReadNanos(long leadNanos) {
		Snapshot s = snapshot;
		if (s == null) {
			return lastScrapeNanos;
		}
		long expiry = s.expiresAtNanos();
		long interval = scrapeIntervalNanos;
		if (interval <= 0) {
			return expiry - leadNanos;
		}
		long next = lastScrapeNanos + interval;
		if (next - expiry < 0) {
			long behind = expiry - next;
			next += ((behind + interval - 1) / interval) * interval;
		}
		return next - leadNanos;
	}

	/** The outcome of a collector if it is still valid at {@code atNanos}, else null. Caller holds the monitor. */
	Outcome validOutcome(String collector, long atNanos) {
		Timed t = outcomes.get(collector);
		return t != null && atNanos - t.expiresAtNanos() < 0 ? t.outcome() : null;
	}

	/** Caller holds the monitor. */
	long keep(Outcome outcome, long readAtNanos) {
		long expires = readAtNanos + Math.max(0, outcome.ttl().toNanos());
		outcomes.put(outcome.collector(), new Timed(outcome, expires));
		return expires;
	}

	/** The expiry of a kept outcome. Caller holds the monitor. */
	long expiresAt(String collector) {
		return outcomes.get(collector).expiresAtNanos();
	}

	/** Drops the outcomes of collectors that no longer run (a plugin removed). Caller holds the monitor. */
	void retain(java.util.Set<String> collectors) {
		outcomes.keySet().retainAll(collectors);
	}

	private record Timed(Outcome outcome, long expiresAtNanos) {
	}

}
