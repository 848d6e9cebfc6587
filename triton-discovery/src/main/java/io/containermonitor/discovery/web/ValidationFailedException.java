package io.containermonitor.discovery.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * VMAPI's 409 {@code ValidationFailed} with its {@code errors[]} array, one entry per bad
 * parameter ({@code field}, {@code code}, {@code message}).
 */
public class ValidationFailedException extends ApiException {

	private final List<Map<String, String>> errors;

	public ValidationFailedException(String field, String code, String message) {
		super(HttpStatus.CONFLICT, "ValidationFailed", "Invalid Parameters");
		this.errors = List.of(Map.of("field", field, "code", code, "message", message));
	}

	public List<Map<String, String>> errors() {
		return errors;
	}

}
