package io.containermonitor.proxy.error;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the spec's JSON error body {@code {"code","message"}} with its status and
 * headers. The one place an error answer is rendered; JSON always, as CMON gives
 * Prometheus' discovery (no {@code Accept}) and curl.
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
		Map<String, String> body = new LinkedHashMap<>();
		body.put("code", error.error().code());
		body.put("message", error.clientMessage());
		byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(bytes.length);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

}
