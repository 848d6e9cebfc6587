package io.containermonitor.forwarder.sink;

/** The store answered that this batch will never be accepted (e.g. InfluxDB 400); retrying cannot help. */
public class RejectedBatchException extends RuntimeException {

	public RejectedBatchException(String message) {
		super(message);
	}

}
