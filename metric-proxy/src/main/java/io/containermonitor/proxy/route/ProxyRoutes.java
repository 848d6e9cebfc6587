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
 * <li>{@value #AGENT_ROUTE}: {@code GET /metrics} on a target host, and {@code GET /v1/<uuid>/metrics}
 * on the service host; the agent URL is set per request by {@link AgentRoutingFilter};</li>
 * <li>{@value #DISCOVER_ROUTE}: {@code GET /v1/discover}, {@code GET /v1/gz/discover} and their
 * Prometheus HTTP SD twins {@code /v1/http_sd}, {@code /v1/gz/http_sd} to
 * triton-discovery, with the account in {@code X-Cmon-*} headers ({@link DiscoveryHeadersFilter}).</li>
 * </ul>
 * Both have the upstream connect and response timeouts.
 */
@Configuration(proxyBeanMethods = false)
public class ProxyRoutes {

	public static final String AGENT_ROUTE = "agent-metrics";

	public static final String DISCOVER_ROUTE = "discover";

	/** Placeholder; {@link AgentRoutingFilter} replaces it with the target's agent. */
	static final String AGENT_PLACEHOLDER_URI = "http://agent.invalid";

	@Bean
	RouteLocator proxyRouteLocator(RouteLocatorBuilder builder, ProxyProperties properties,
			DiscoveryHeadersFilter discoveryHeaders) {
		long connectMillis = properties.upstream().connectTimeout().toMillis();
		long responseMillis = properties.upstream().responseTimeout().toMillis();
		RouteLocatorBuilder.Builder routes = builder.routes()
			.route(AGENT_ROUTE, route -> route.method(HttpMethod.GET)
				.and()
				.path("/metrics", "/v1/{uuid}/metrics")
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) connectMillis)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseMillis)
				.uri(AGENT_PLACEHOLDER_URI));
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
