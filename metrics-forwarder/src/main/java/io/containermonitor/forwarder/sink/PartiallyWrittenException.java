package io.containermonitor.forwarder.sink;

import java.time.Duration;
import java.util.List;

/**
 * A batch written in parts (one request per shard) of which some went through, some
 * were refused for good and some must be retried: only {@link #remaining()} is
 * retried, so that the written parts are not sent twice.
 */
public class PartiallyWrittenException extends RetryLaterException {

	private final int written;

	private final int rejected;

	private final String rejectionReason;

	private final List<ForwardedSample> remaining;

	/**
	 * @param written samples the store took
	 * @param rejected samples the store refused for good (dropped)
	 * @param rejectionReason the reason of the refusal, or null if none was refused
	 * @param remaining the samples to retry, in their original order
	 * @param retryAfter how long the store asked to wait, or null
	 */
	public PartiallyWrittenException(String message, int written, int rejected, String rejectionReason,
			List<ForwardedSample> remaining, Duration retryAfter) {
		super(message, retryAfter);
		this.written = written;
		this.rejected = rejected;
		this.rejectionReason = rejectionReason;
		this.remaining = List.copyOf(remaining);
	}

	public int written() {
		return written;
	}

	public int rejected() {
		return rejected;
	}

	public String rejectionReason() {
		return rejectionReason;
	}

	public List<ForwardedSample> remaining() {
		return remaining;
	}

}
