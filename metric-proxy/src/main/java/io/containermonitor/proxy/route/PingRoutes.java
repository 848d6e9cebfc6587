package io.containermonitor.proxy.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /_ping} and {@code GET /v<anything>/_ping}: 200 {@code OK}, unauthenticated and
 * not throttled, but still behind the Host check (spec §2.3). There is no {@code /v1/ping}.
 */
@Configuration(proxyBeanMethods = false)
public class PingRoutes {

	/** Paths the security chain lets through without a certificate. */
	public static final String[] PATHS = { "/_ping", "/{version:v.+}/_ping" };

	@Bean
	RouterFunction<ServerResponse> pingRoute() {
		return RouterFunctions.route(
				RequestPredicates.GET(PATHS[0]).or(RequestPredicates.GET(PATHS[1])),
				request -> ServerResponse.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8)).bodyValue("OK"));
	}

}
