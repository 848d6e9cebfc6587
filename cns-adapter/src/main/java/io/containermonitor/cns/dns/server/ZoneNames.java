package io.containermonitor.cns.dns.server;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The CMON names of one serial, immutable: a base set shared by every serial since the
 * last compaction, and the names added to and removed from it since. A commit of a few
 * changes copies only that overlay, not the 100,000 names of a large zone; once the
 * overlay reaches an eighth of the base it is folded into a new base (amortised, each
 * name is copied once per eighth of the zone changed).
 */
final class ZoneNames {

	private static final ZoneNames EMPTY = new ZoneNames(Set.of(), Set.of(), Set.of());

	private final Set<UUID> base;

	/** Not in {@link #base}. */
	private final Set<UUID> added;

	/** All in {@link #base}. */
	private final Set<UUID> removed;

	private ZoneNames(Set<UUID> base, Set<UUID> added, Set<UUID> removed) {
		this.base = base;
		this.added = added;
		this.removed = removed;
	}

	static ZoneNames of(Collection<UUID> names) {
		return names.isEmpty() ? EMPTY : new ZoneNames(Collections.unmodifiableSet(new HashSet<>(names)), Set.of(),
				Set.of());
	}

	boolean contains(UUID uuid) {
		return added.contains(uuid) || (base.contains(uuid) && !removed.contains(uuid));
	}

	int size() {
		return base.size() - removed.size() + added.size();
	}

	boolean isEmpty() {
		return size() == 0;
	}

	Stream<UUID> stream() {
		Stream<UUID> kept = removed.isEmpty() ? base.stream() : base.stream().filter(uuid -> !removed.contains(uuid));
		return added.isEmpty() ? kept : Stream.concat(kept, added.stream());
	}

	/** A copy, for callers that need a {@link Set}. */
	Set<UUID> toSet() {
		Set<UUID> all = new HashSet<>(Math.max(16, size() * 4 / 3 + 1));
		stream().forEach(all::add);
		return all;
	}

	/**
	 * These names with {@code add} added and {@code remove} removed; {@code add} must hold
	 * only names not in this set and {@code remove} only names in it.
	 */
	ZoneNames with(Set<UUID> add, Set<UUID> remove) {
		Set<UUID> nextAdded = new HashSet<>(added);
		Set<UUID> nextRemoved = new HashSet<>(removed);
		for (UUID uuid : remove) {
			if (!nextAdded.remove(uuid)) {
				nextRemoved.add(uuid);
			}
		}
		for (UUID uuid : add) {
			if (!nextRemoved.remove(uuid)) {
				nextAdded.add(uuid);
			}
		}
		ZoneNames next = new ZoneNames(base, nextAdded, nextRemoved);
		if (nextAdded.size() + nextRemoved.size() > 64 + base.size() / 8) {
			return new ZoneNames(Collections.unmodifiableSet(next.toSet()), Set.of(), Set.of());
		}
		return next;
	}

	/** How many names the overlay holds (for tests of the compaction). */
	int overlaySize() {
		return added.size() + removed.size();
	}

}
