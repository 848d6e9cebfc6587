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

	private static final String PING = "/_ping";

	/** Whether {@code path} is one of {@link #PATHS}, without a pattern matcher on every request. */
	public static boolean isPing(String path) {
		if (path.equals(PING)) {
			return true;
		}
		if (!path.startsWith("/v") || !path.endsWith(PING)) {
			return false;
		}
		String version = path.substring(1, path.length() - PING.length());
		return version.length() > 1 && version.indexOf('/') < 0;
	}

	@Bean
	RouterFunction<ServerResponse> pingRoute() {
		return RouterFunctions.route(
				RequestPredicates.GET(PATHS[0]).or(RequestPredicates.GET(PATHS[1])),
				request -> ServerResponse.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8)).bodyValue("OK"));
	}

}
