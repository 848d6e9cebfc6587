package io.containermonitor.agent.web;

/** The request cannot be served as written: 400 with the message. */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}

}
