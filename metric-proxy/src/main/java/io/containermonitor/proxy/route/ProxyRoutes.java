package io.containermonitor.proxy.route;

import io.containermonitor.proxy.ProxyProperties;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The proxy's gateway routes.
 * <ul>
 * <li>{@value #DISCOVER_ROUTE}: {@code GET /v1/discover}, {@code GET /v1/gz/discover} and their
 * Prometheus HTTP SD twins {@code /v1/http_sd}, {@code /v1/gz/http_sd} to
 * triton-discovery, with the account in {@code X-Cmon-*} headers ({@link DiscoveryHeadersFilter}).</li>
 * </ul>
 * It has the upstream connect and response timeouts.
 */
@Configuration(proxyBeanMethods = false)
public class ProxyRoutes {

	/**
	 * Scrapes' route id in metrics and rate-limit calls. Scrapes are served by {@link ScrapeHandler}
	 * before the gateway, so the gateway has no such route.
	 */
	public static final String AGENT_ROUTE = "agent-metrics";

	/** Scrapes of a container's own application ({@code /app/metrics}), served by {@link ScrapeHandler} too. */
	public static final String APP_ROUTE = "app-metrics";

	public static final String DISCOVER_ROUTE = "discover";

	@Bean
	RouteLocator proxyRouteLocator(RouteLocatorBuilder builder, ProxyProperties properties,
			DiscoveryHeadersFilter discoveryHeaders) {
		long connectMillis = properties.upstream().connectTimeout().toMillis();
		long responseMillis = properties.upstream().responseTimeout().toMillis();
		RouteLocatorBuilder.Builder routes = builder.routes();
		if (properties.discovery().url() != null) {
			routes.route(DISCOVER_ROUTE, route -> route.method(HttpMethod.GET)
				.and()
				.path("/v1/discover", "/v1/gz/discover", "/v1/http_sd", "/v1/gz/http_sd")
				.filters(filters -> filters.filter(discoveryHeaders))
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) connectMillis)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseMillis)
				.uri(properties.discovery().url()));
		}
		return routes.build();
	}

}
