package io.containermonitor.forwarder.sink;

import java.io.IOException;
import java.time.Duration;

/**
 * The store could not take the batch now and said when to try again (a
 * {@code Retry-After} on 429 or 503). The sink waits at least that long.
 */
public class RetryLaterException extends IOException {

	private final Duration retryAfter;

	/** @param retryAfter how long the store asked to wait, or null if it did not say */
	public RetryLaterException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** How long the store asked to wait, or null. */
	public Duration retryAfter() {
		return retryAfter;
	}

}
