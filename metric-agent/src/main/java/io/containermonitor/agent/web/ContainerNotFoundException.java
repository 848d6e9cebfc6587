package io.containermonitor.agent.web;

/** The container is unknown on this node or not running: 404 {@code container not found}. */
public class ContainerNotFoundException extends RuntimeException {

	public ContainerNotFoundException(String container) {
		super("container " + container + " not found");
	}

}
