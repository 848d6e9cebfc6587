package io.containermonitor.proxy.metrics;

import io.containermonitor.proxy.ProxyExchange;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Counts every answer on the public port by route ({@code none} before routing) and status. */
@Component
public class RequestMetricsWebFilter implements WebFilter, Ordered {

	/** First of all filters, so that it sees 404s for bad Hosts and 401s too. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final ProxyMetrics metrics;

	public RequestMetricsWebFilter(ProxyMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!ProxyExchange.isPublicListener(exchange)) {
			return chain.filter(exchange);
		}
		exchange.getResponse().beforeCommit(() -> {
			Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			metrics.request(route == null ? routeOf(exchange) : route.getId(), status == null ? 200 : status.value());
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private static String routeOf(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		return path.endsWith("/_ping") ? "ping" : "none";
	}

}
