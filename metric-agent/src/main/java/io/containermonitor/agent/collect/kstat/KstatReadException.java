package io.containermonitor.agent.collect.kstat;

import java.io.IOException;

/** A kstat could not be read (after the EAGAIN retries) or is not what the collector expects. */
public class KstatReadException extends IOException {

	private static final long serialVersionUID = 1L;

	public KstatReadException(String message) {
		super(message);
	}

}
