package io.containermonitor.agent.collect;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.containermonitor.agent.container.Container;

/**
 * What is being scraped: one container, or the node itself ({@code gz}), for one reading.
 * A reading runs every collector of the target once; what several of them need (the
 * container's process list, its network namespace) is found once per reading and shared
 * through {@link #shared}, so that no collector reads {@code cgroup.procs} again.
 * Not thread-safe: one reading runs its collectors one after another.
 */
public final class Target {

	/** The node's cache key and URL segment, as in cmon-agent. */
	public static final String NODE_KEY = "gz";

	private final String key;

	private final Container container;

	private final Map<Shared<?>, Object> shared = new HashMap<>();

	private Target(String key, Container container) {
		this.key = key;
		this.container = container;
	}

	public static Target node() {
		return new Target(NODE_KEY, null);
	}

	public static Target of(Container container) {
		return new Target(container.vmUuid().toString(), container);
	}

	/** The cache key: the VM uuid, or {@code gz}. */
	public String key() {
		return key;
	}

	/** The container, or null for the node. */
	public Container container() {
		return container;
	}

	public boolean isNode() {
		return container == null;
	}

	/** The container; collectors of {@link Scope#CONTAINER} are only ever given container targets. */
	public Container requireContainer() {
		if (container == null) {
			throw new IllegalStateException("a container collector was given the node target");
		}
		return container;
	}

	/**
	 * What {@code load} finds, found once for this reading: the first collector that asks
	 * loads it, the others get the same value. A failed load is not kept, so each asker
	 * sees the failure itself.
	 */
	public <T> T shared(Shared<T> what, Loader<T> load) throws IOException {
		Object known = shared.get(what);
		if (known == null) {
			known = Objects.requireNonNull(load.load(), what.name());
			shared.put(what, known);
		}
		return what.type().cast(known);
	}

	@Override
	public String toString() {
		return key;
	}

	/**
	 * A value that collectors of one reading share.
	 *
	 * @param name what it is, for messages
	 * @param type its type
	 * @param <T> its type
	 */
	public record Shared<T>(String name, Class<T> type) {
	}

	/** Finds a shared value. */
	@FunctionalInterface
	public interface Loader<T> {

		T load() throws IOException;

	}

}
