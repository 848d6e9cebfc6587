package io.containermonitor.proxy.route;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends an authorised scrape to its agent: replaces the {@value ProxyRoutes#AGENT_ROUTE} route's
 * placeholder with the {@link ScrapeTarget}'s URL (no query: the agent takes none) and adds
 * CMON's {@code x-joyent-cmon-opts} ({@code base64({"isCoreZone":bool})}). An agent's error
 * answer (status 400 and up) becomes our 502 rather than being passed through (CMON: 500).
 */
@Component
public class AgentRoutingFilter implements GlobalFilter, Ordered {

	/** Right after the gateway has turned the route URI into the request URL. */
	public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	public static final String CMON_OPTS_HEADER = "x-joyent-cmon-opts";

	private static final Logger log = LoggerFactory.getLogger(AgentRoutingFilter.class);

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !ProxyRoutes.AGENT_ROUTE.equals(route.getId())) {
			return chain.filter(exchange);
		}
		ScrapeTarget target = ProxyExchange.scrapeTarget(exchange)
			.orElseThrow(() -> new IllegalStateException("agent route reached without an authorised target"));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target.agentUrl());
		String opts = Base64.getEncoder()
			.encodeToString(("{\"isCoreZone\":" + target.coreZone() + "}").getBytes(StandardCharsets.UTF_8));
		ServerWebExchange forwarded = exchange.mutate()
			.request(request -> request.headers(headers -> headers.set(CMON_OPTS_HEADER, opts)))
			.build();
		return chain.filter(forwarded).then(Mono.defer(() -> {
			HttpStatusCode status = forwarded.getResponse().getStatusCode();
			if (status != null && status.value() >= 400) {
				log.debug("Agent {} answered {} for {}", target.agentUrl(), status.value(), target.uuid());
				forwarded.getResponse().getHeaders().clear();
				return Mono.error(new ProxyErrorException(ProxyError.BAD_GATEWAY,
						"metric agent answered " + status.value()));
			}
			return Mono.empty();
		}));
	}

}
