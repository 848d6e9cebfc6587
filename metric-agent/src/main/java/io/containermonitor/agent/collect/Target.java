package io.containermonitor.agent.collect;

import io.containermonitor.agent.container.Container;

/**
 * What is being scraped: one container, or the node itself ({@code gz}).
 *
 * @param key the cache key: the VM uuid, or {@code gz}
 * @param container the container, or null for the node
 */
public record Target(String key, Container container) {

	/** The node's cache key and URL segment, as in cmon-agent. */
	public static final String NODE_KEY = "gz";

	public static Target node() {
		return new Target(NODE_KEY, null);
	}

	public static Target of(Container container) {
		return new Target(container.vmUuid().toString(), container);
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

}
