package io.containermonitor.forwarder.sink;

/**
 * The store answered that this batch, or part of it, will never be accepted (e.g.
 * InfluxDB or a remote-write receiver answering 400); retrying cannot help. The
 * refused samples are dropped and counted, the rest of the batch counts as written.
 */
public class RejectedBatchException extends RuntimeException {

	private final String reason;

	private final int rejected;

	/** The whole batch is refused; the message is also the reason. */
	public RejectedBatchException(String message) {
		this(message, message, Integer.MAX_VALUE);
	}

	/**
	 * @param reason what kind of refusal this is (e.g. {@code HTTP 400}): each reason is logged once per sink
	 * @param message the store's answer
	 * @param rejected how many samples of the batch were refused; {@link Integer#MAX_VALUE} for all
	 */
	public RejectedBatchException(String reason, String message, int rejected) {
		super(message);
		this.reason = reason;
		this.rejected = rejected;
	}

	public String reason() {
		return reason;
	}

	/** How many samples of a batch of {@code batchSize} were refused. */
	public int rejected(int batchSize) {
		return Math.min(rejected, batchSize);
	}

}
