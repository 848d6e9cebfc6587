package io.containermonitor.core.triton.changefeed;

/** A change-feed frame that is not the JSON the protocol allows at that point. */
public class MalformedFrameException extends RuntimeException {

	public MalformedFrameException(String message) {
		super(message);
	}

	public MalformedFrameException(String message, Throwable cause) {
		super(message, cause);
	}

}
