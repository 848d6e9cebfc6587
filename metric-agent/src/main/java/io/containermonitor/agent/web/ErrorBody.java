package io.containermonitor.agent.web;

/**
 * The error body every service of the suite answers with.
 *
 * @param code restify's error code
 * @param message what went wrong
 */
public record ErrorBody(String code, String message) {

	/** The JSON of a body whose code and message need no escaping (the agent's own constants). */
	String plainJson() {
		return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
	}

}
