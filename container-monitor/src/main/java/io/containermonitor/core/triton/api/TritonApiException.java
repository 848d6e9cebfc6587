package io.containermonitor.core.triton.api;

/**
 * A Triton API (VMAPI, CNAPI) answered with an error status or with a body that
 * is not what its protocol promises.
 */
public class TritonApiException extends RuntimeException {

	private final int status;

	public TritonApiException(String message, int status) {
		super(message);
		this.status = status;
	}

	public TritonApiException(String message, Throwable cause) {
		super(message, cause);
		this.status = 0;
	}

	/** The HTTP status, or 0 when the body was at fault. */
	public int status() {
		return status;
	}

}
