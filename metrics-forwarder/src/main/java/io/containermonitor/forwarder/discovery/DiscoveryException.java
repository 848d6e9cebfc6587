package io.containermonitor.forwarder.discovery;

/** Discovery answered with something other than a target list; the previous targets stay. */
public class DiscoveryException extends RuntimeException {

	public DiscoveryException(String message) {
		super(message);
	}

	public DiscoveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
