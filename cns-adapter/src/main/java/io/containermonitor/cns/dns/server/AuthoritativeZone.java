package io.containermonitor.cns.dns.server;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containermonitor.cns.names.CmonZone;
import io.containermonitor.cns.names.ZoneStatus;

/**
 * A zone this server is authoritative for: the current {@link ZoneSnapshot} (the one
 * saved at the last commit before a restart, else null until the first commit, while
 * queries get SERVFAIL) and the journal behind it.
 * Commits are serialised; readers take the volatile snapshot without locking.
 */
final class AuthoritativeZone {

	private static final Logger log = LoggerFactory.getLogger(AuthoritativeZone.class);

	private final ZoneTemplate template;

	private final ZoneJournal journal;

	private final ZoneNamesFile namesFile;

	private volatile ZoneSnapshot current;

	private volatile Instant lastCommit;

	/** {@code namesFile}: where each committed zone is saved, and restored from at start; null for none. */
	AuthoritativeZone(ZoneTemplate template, int journalSize, ZoneNamesFile namesFile) {
		this.template = template;
		this.journal = new ZoneJournal(journalSize);
		this.namesFile = namesFile;
		if (namesFile != null) {
			namesFile.load().ifPresent(saved -> {
				current = new ZoneSnapshot(template, saved.serial(), ZoneNames.of(saved.names()));
				log.info("Zone {} restored from {}: serial {}, {} CMON names, served until the inventory is listed",
						template.zone(), namesFile.path(), saved.serial(), saved.names().size());
			});
		}
	}

	CmonZone zone() {
		return template.zone();
	}

	/** The zone as it is served now, empty before the first commit. */
	Optional<ZoneSnapshot> current() {
		return Optional.ofNullable(current);
	}

	/**
	 * Makes {@code desired} the zone's names under a new serial, if they differ from the
	 * current ones (or nothing has been committed yet).
	 *
	 * @return the new snapshot, or empty if nothing changed
	 */
	synchronized Optional<ZoneSnapshot> commit(Set<UUID> desired, SerialStore serials) {
		ZoneSnapshot before = current;
		lastCommit = Instant.now();
		if (before == null) {
			long serial = serials.next(template.zone().toString());
			ZoneSnapshot after = new ZoneSnapshot(template, serial, ZoneNames.of(desired));
			if (namesFile != null) {
				namesFile.save(serial, desired);
			}
			current = after;
			return Optional.of(after);
		}
		Set<UUID> added = new HashSet<>();
		for (UUID uuid : desired) {
			if (!before.names().contains(uuid)) {
				added.add(uuid);
			}
		}
		Set<UUID> removed = new HashSet<>();
		before.names().stream().filter(uuid -> !desired.contains(uuid)).forEach(removed::add);
		return apply(before, added, removed, serials);
	}

	/**
	 * Brings only the names in {@code changed} in line with {@code wanted} (the names that
	 * should exist), under a new serial if any of them differs: a commit that costs the
	 * changes, not the zone. Needs a committed zone to start from ({@link #commit} first).
	 *
	 * @return the new snapshot, or empty if nothing changed
	 */
	synchronized Optional<ZoneSnapshot> commitChanges(Set<UUID> changed, Predicate<UUID> wanted,
			SerialStore serials) {
		ZoneSnapshot before = current;
		if (before == null) {
			throw new IllegalStateException("zone " + template.zone() + " has no commit to apply changes to");
		}
		lastCommit = Instant.now();
		Set<UUID> added = new HashSet<>();
		Set<UUID> removed = new HashSet<>();
		for (UUID uuid : changed) {
			boolean want = wanted.test(uuid);
			if (want != before.names().contains(uuid)) {
				(want ? added : removed).add(uuid);
			}
		}
		return apply(before, added, removed, serials);
	}

	private Optional<ZoneSnapshot> apply(ZoneSnapshot before, Set<UUID> added, Set<UUID> removed,
			SerialStore serials) {
		if (added.isEmpty() && removed.isEmpty()) {
			return Optional.empty();
		}
		long serial = serials.next(template.zone().toString());
		ZoneSnapshot after = new ZoneSnapshot(template, serial, before.names().with(added, removed));
		if (namesFile != null) {
			namesFile.commit(serial, after.names(), added, removed);
		}
		journal.add(new ZoneJournal.Delta(before.serial(), serial, Set.copyOf(removed), Set.copyOf(added)));
		current = after;
		return Optional.of(after);
	}

	/** The deltas from {@code base} to the current serial, if the journal still holds them. */
	Optional<List<ZoneJournal.Delta>> deltasSince(long base, long currentSerial) {
		return journal.between(base, currentSerial);
	}

	ZoneStatus status() {
		ZoneSnapshot snapshot = current;
		return new ZoneStatus(template.zone().toString(), snapshot == null ? null : snapshot.serial(),
				snapshot == null ? 0 : snapshot.names().size(), lastCommit, null);
	}

}
