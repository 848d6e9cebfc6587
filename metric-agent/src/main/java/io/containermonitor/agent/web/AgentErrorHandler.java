package io.containermonitor.agent.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The agent's one error handler: the spec's JSON {@code {"code","message"}} with
 * restify's codes, as cmon-agent answers (reference 1).
 */
@RestControllerAdvice
class AgentErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(AgentErrorHandler.class);

	/** A container that is not known or not running; the scrape route answers it too. */
	static final ErrorBody CONTAINER_NOT_FOUND = new ErrorBody("ResourceNotFound", "container not found");

	@ExceptionHandler(ContainerNotFoundException.class)
	ResponseEntity<ErrorBody> notFound(ContainerNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON).body(CONTAINER_NOT_FOUND);
	}

	@ExceptionHandler(BadRequestException.class)
	ResponseEntity<ErrorBody> badRequest(BadRequestException ex) {
		return body(HttpStatus.BAD_REQUEST, "BadRequest", ex.getMessage());
	}

	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<ErrorBody> internal(RuntimeException ex) {
		log.error("request failed: {}", ex.toString(), ex);
		return body(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError", "Internal error");
	}

	private static ResponseEntity<ErrorBody> body(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ErrorBody(code, message));
	}

}
