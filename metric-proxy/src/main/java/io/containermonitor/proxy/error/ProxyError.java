package io.containermonitor.proxy.error;

import org.springframework.http.HttpStatus;

/** The error answers of the proxy: status and restify-style {@code code} (spec §2.7). */
public enum ProxyError {

	/** No, bad or unknown client certificate; the message stays empty as in CMON. */
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "UnauthorizedError"),

	/** Unknown, not owned or not running target, or a bad Host: all alike, so nothing can be enumerated. */
	NOT_FOUND(HttpStatus.NOT_FOUND, "NotFoundError"),

	/** A path the proxy does not serve. */
	RESOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "ResourceNotFound"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowedError"),

	BAD_REQUEST(HttpStatus.BAD_REQUEST, "BadRequestError"),

	TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequestsError"),

	/** The agent refused the connection, could not be reached in time, or failed (CMON: 500). */
	BAD_GATEWAY(HttpStatus.BAD_GATEWAY, "BadGatewayError"),

	/** The node has as many application scrapes in progress as it allows. */
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableError"),

	/** The agent did not answer within the response timeout (CMON had none). */
	GATEWAY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "GatewayTimeoutError"),

	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError");

	private final HttpStatus status;

	private final String code;

	ProxyError(HttpStatus status, String code) {
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}

}
