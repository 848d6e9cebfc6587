package io.containermonitor.proxy.metrics;

import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

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
 * Times each upstream call, from just before the gateway's HTTP client sends it to the
 * upstream's response headers, by route and outcome ({@code ok}, {@code error_status},
 * {@code failed} for refused, timed out or cancelled).
 */
@Component
public class UpstreamTimingFilter implements GlobalFilter, Ordered {

	/** Last before the gateway's routing filter. */
	public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

	private final ProxyMetrics metrics;

	public UpstreamTimingFilter(ProxyMetrics metrics) {
		this.metrics = metrics;
	}

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
		long start = System.nanoTime();
		return chain.filter(exchange).doFinally(signal -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			String outcome = signal != SignalType.ON_COMPLETE ? "failed"
					: status != null && status.value() >= 400 ? "error_status" : "ok";
			metrics.upstream(route.getId(), outcome, Duration.ofNanos(System.nanoTime() - start));
		});
	}

}
