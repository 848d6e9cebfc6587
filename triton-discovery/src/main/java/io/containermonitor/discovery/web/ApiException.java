package io.containermonitor.discovery.web;

import org.springframework.http.HttpStatus;

/**
 * A request this service refuses, with the status and the {@code {"code","message"}} body
 * the caller gets (restify's shape, which Triton clients expect).
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	public ApiException(HttpStatus status, String code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}

	public static ApiException unauthorized(String message) {
		return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", message);
	}

	public static ApiException badRequest(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "BadRequestError", message);
	}

	public static ApiException invalidArgument(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "InvalidArgument", message);
	}

	public static ApiException notFound(String message) {
		return new ApiException(HttpStatus.NOT_FOUND, "ResourceNotFound", message);
	}

	public static ApiException forbidden(String message) {
		return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", message);
	}

}
