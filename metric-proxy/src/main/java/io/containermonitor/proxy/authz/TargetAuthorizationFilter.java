package io.containermonitor.proxy.authz;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ProxyRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Decides what the authenticated account may reach through the gateway's routes (spec §3.4):
 * discovery only on the service host, {@code /v1/gz/discover} for operators only; any other
 * route is refused. Everything refused is the same 404. Scrapes do not pass through the
 * gateway: {@link io.containermonitor.proxy.route.ScrapeHandler} asks {@link ScrapeAuthorization}.
 */
@Component
public class TargetAuthorizationFilter implements GlobalFilter, Ordered {

	public static final int ORDER = 100;

	private static final Logger log = LoggerFactory.getLogger(TargetAuthorizationFilter.class);

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return chain.filter(exchange);
		}
		Account account = ProxyExchange.account(exchange)
			.orElseThrow(() -> new IllegalStateException("route " + route.getId() + " reached unauthenticated"));
		HostTarget host = ProxyExchange.hostTarget(exchange)
			.orElseThrow(() -> new IllegalStateException("route " + route.getId() + " reached without a Host"));
		String path = exchange.getRequest().getPath().value();
		boolean allowed = ProxyRoutes.DISCOVER_ROUTE.equals(route.getId()) && host instanceof HostTarget.Service
				&& (account.operator() || !path.startsWith("/v1/gz/"));
		if (!allowed) {
			log.debug("Account {} may not reach {} on {}", account.login(), path, host);
			return Mono.error(new ProxyErrorException(ProxyError.NOT_FOUND));
		}
		return chain.filter(exchange);
	}

}
