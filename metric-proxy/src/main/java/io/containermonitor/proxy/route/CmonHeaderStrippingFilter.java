package io.containermonitor.proxy.route;

import io.containermonitor.core.vm.TrustedAccountHeaders;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops every incoming {@code X-Cmon-*} header before anything is forwarded, so that no
 * client can pose as an account to triton-discovery; the proxy adds its own later.
 */
@Component
public class CmonHeaderStrippingFilter implements GlobalFilter, Ordered {

	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** The prefix of the headers the proxy owns. */
	public static final String PREFIX = TrustedAccountHeaders.PREFIX;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		List<String> names = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.filter(name -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX))
			.toList();
		if (names.isEmpty()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(request -> request.headers(headers -> names.forEach(headers::remove))).build());
	}

}
