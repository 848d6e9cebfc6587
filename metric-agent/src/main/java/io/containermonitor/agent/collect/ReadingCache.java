package io.containermonitor.agent.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one TTL cache of collector outcomes, keyed by target and collector. However
 * many scrapers ask, a reading is taken once per TTL: concurrent requests for the
 * same entry wait for the one read in progress. Failures are cached too, so a broken
 * source costs one attempt per TTL. Thread-safe.
 */
public final class ReadingCache {

	private final Map<String, Map<String, Entry>> entries = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	public ReadingCache(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** A cached outcome, or a fresh one from {@code read}, with whether it came from the cache. */
	public Lookup get(String targetKey, String collector, Supplier<Outcome> read) {
		Entry entry = entries.computeIfAbsent(targetKey, k -> new ConcurrentHashMap<>())
			.computeIfAbsent(collector, k -> new Entry());
		return entry.get(read);
	}

	/** Drops every entry of a target (it is gone, or {@code POST /v1/refresh}). */
	public void evict(String targetKey) {
		entries.remove(targetKey);
	}

	public void clear() {
		entries.clear();
	}

	public int size() {
		return entries.values().stream().mapToInt(Map::size).sum();
	}

	public long hits() {
		return hits.sum();
	}

	public long misses() {
		return misses.sum();
	}

	/**
	 * @param outcome the outcome
	 * @param cached whether it came from the cache
	 */
	public record Lookup(Outcome outcome, boolean cached) {
	}

	private final class Entry {

		private Outcome outcome;

		private long expiresAt;

		synchronized Lookup get(Supplier<Outcome> read) {
			long now = nanoTime.getAsLong();
			if (outcome != null && now - expiresAt < 0) {
				hits.increment();
				return new Lookup(outcome, true);
			}
			misses.increment();
			outcome = read.get();
			expiresAt = now + Math.max(0, outcome.ttl().toNanos());
			if (outcome.ttl().isZero() || outcome.ttl().isNegative()) {
				Outcome fresh = outcome;
				outcome = null;
				return new Lookup(fresh, false);
			}
			return new Lookup(outcome, false);
		}

	}

}
