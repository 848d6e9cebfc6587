package io.containermonitor.cns.dns.server;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
				current = new ZoneSnapshot(template, saved.serial(), saved.names());
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
		if (before != null && before.names().equals(desired)) {
			return Optional.empty();
		}
		long serial = serials.next(template.zone().toString());
		ZoneSnapshot after = new ZoneSnapshot(template, serial, new HashSet<>(desired));
		if (namesFile != null) {
			namesFile.save(serial, after.names());
		}
		if (before != null) {
			Set<UUID> removed = new HashSet<>(before.names());
			removed.removeAll(desired);
			Set<UUID> added = new HashSet<>(desired);
			added.removeAll(before.names());
			journal.add(new ZoneJournal.Delta(before.serial(), serial, Set.copyOf(removed), Set.copyOf(added)));
		}
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
