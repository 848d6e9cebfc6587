package io.containermonitor.proxy.error;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request ends with one of the spec's error answers (spec §2.7). Filters signal it;
 * {@link JsonErrorWebExceptionHandler} writes it. The message goes to the client,
 * so it never says which part of authentication failed.
 */
public class ProxyErrorException extends RuntimeException {

	private final ProxyError error;

	private final String clientMessage;

	private final Map<String, String> headers;

	public ProxyErrorException(ProxyError error, String clientMessage, Map<String, String> headers) {
		super(error.code() + ": " + clientMessage, null, false, false);
		this.error = error;
		this.clientMessage = clientMessage;
		this.headers = Map.copyOf(headers);
	}

	public ProxyErrorException(ProxyError error) {
		this(error, "", Map.of());
	}

	public ProxyErrorException(ProxyError error, String clientMessage) {
		this(error, clientMessage, Map.of());
	}

	public ProxyError error() {
		return error;
	}

	public HttpStatus status() {
		return error.status();
	}

	public String clientMessage() {
		return clientMessage;
	}

	public Map<String, String> headers() {
		return headers;
	}

}
