package io.containermonitor.agent.collect.kstat;

/** libkstat cannot be loaded or {@code kstat_open} fails: the kstat backend cannot run. */
public class KstatUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public KstatUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
