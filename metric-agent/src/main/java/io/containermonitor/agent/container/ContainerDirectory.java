package io.containermonitor.agent.container;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.containermonitor.agent.collect.Target;

/**
 * The containers of this node, whatever finds them: cgroups on Linux
 * ({@link ContainerInventory}); zones through kstat on illumos (a separate backend).
 * The scraper, the HTTP API and registration depend only on this.
 */
public interface ContainerDirectory {

	Optional<Container> find(UUID vmUuid);

	/**
	 * The container if it is in the current list, without looking further (never blocks: it
	 * is asked on the event loop); {@link #find} may look a container up that the list lacks.
	 */
	default Optional<Container> findKnown(UUID vmUuid) {
		return find(vmUuid);
	}

	Collection<Container> all();

	/** Whether the container still runs, checked now (not from the last scan). */
	boolean isRunning(Container container);

	/**
	 * Whether the container still runs at the end of a reading of it (cmon-agent's
	 * {@code _confirmSanity}): a reading of a container that vanished meanwhile is not served.
	 * A backend may answer from what the reading already found.
	 */
	default boolean isRunning(Target reading) {
		return isRunning(reading.requireContainer());
	}

	/** Called with the whole list after every change. */
	void addListener(Consumer<Collection<Container>> listener);

	/** Re-scans now; returns whether anything changed. */
	boolean refresh();

}
