package io.containermonitor.cns.names;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The UUIDs whose name may have come or gone since a publisher last looked, for one
 * publisher of a {@link CmonNameRegistry} (see {@link CmonNameRegistry#track()}), so a
 * commit can apply the changed names alone instead of comparing the whole zone. A UUID is
 * recorded after the registry's own set changed, so a publisher that drains, then asks
 * {@link CmonNameRegistry#contains}, sees each change at the latest on its next drain.
 * Thread-safe.
 */
public final class NameChanges {

	private Set<UUID> changed = new HashSet<>();

	NameChanges() {
	}

	synchronized void add(UUID uuid) {
		changed.add(uuid);
	}

	/** The UUIDs recorded since the last drain; the record starts empty again. */
	public synchronized Set<UUID> drain() {
		Set<UUID> drained = changed;
		changed = new HashSet<>();
		return drained;
	}

}
