package io.containermonitor.discovery.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** The one place that turns a refused request into the spec's JSON error body. */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Map<String, Object>> refused(ApiException ex) {
		logger.debug("Refused with {} {}: {}", ex.status().value(), ex.code(), ex.getMessage());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", ex.code());
		body.put("message", ex.getMessage());
		if (ex instanceof ValidationFailedException failed) {
			body.put("errors", failed.errors());
		}
		return ResponseEntity.status(ex.status()).body(body);
	}

	/**
	 * Deliberately not JSON: Prometheus keeps its targets on a body it cannot parse, and would
	 * drop them all on a JSON one (it ignores the status).
	 */
	@ExceptionHandler(InventoryNotReadyException.class)
	ResponseEntity<String> notReady(InventoryNotReadyException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.TEXT_PLAIN)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ex.getMessage() + "\n");
	}

	/**
	 * What the framework refuses (unknown path, wrong method, unreadable input), in the same
	 * shape: restify's {@code ResourceNotFound} "/x does not exist" for unknown paths.
	 */
	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<Map<String, Object>> framework(ResponseStatusException ex, ServerHttpRequest request) {
		HttpStatusCode status = ex.getStatusCode();
		String code;
		String message;
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			code = "ResourceNotFound";
			message = request.getPath().value() + " does not exist";
		}
		else {
			HttpStatus known = HttpStatus.resolve(status.value());
			code = known == null ? "Error" : known.getReasonPhrase().replace(" ", "") + "Error";
			message = ex.getReason() == null ? "" : ex.getReason();
		}
		logger.debug("Refused {} {}: {}", request.getMethod(), request.getPath(), ex.getMessage());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("message", message);
		return ResponseEntity.status(status).headers(ex.getHeaders()).body(body);
	}

}
