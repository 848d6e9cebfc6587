package io.containermonitor.proxy.error;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the spec's JSON error body {@code {"code","message"}} with its status and
 * headers. The one place an error answer is rendered, for the gateway's routes and for
 * scrapes alike; JSON always, as CMON gives Prometheus' discovery (no {@code Accept}) and curl.
 */
@Component
public class ErrorResponseWriter {

	private final JsonMapper json;

	public ErrorResponseWriter(JsonMapper json) {
		this.json = json;
	}

	public Mono<Void> write(ServerWebExchange exchange, ProxyErrorException error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(error);
		}
		response.setStatusCode(error.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		error.headers().forEach(response.getHeaders()::set);
		byte[] bytes = body(error);
		response.getHeaders().setContentLength(bytes.length);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	/** The same answer on a scrape, which Reactor Netty serves without WebFlux. */
	public Mono<Void> write(HttpServerResponse response, ProxyErrorException error) {
		if (response.hasSentHeaders()) {
			return Mono.error(error);
		}
		byte[] bytes = body(error);
		response.status(error.status().value())
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
		error.headers().forEach(response::header);
		return response.sendByteArray(Mono.just(bytes)).then();
	}

	private byte[] body(ProxyErrorException error) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("code", error.error().code());
		body.put("message", error.clientMessage());
		return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

}
