package io.containermonitor.proxy.route;

import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * CMON's {@code enforceHostHandler}: every request on the public port, {@code /_ping}
 * included, needs a Host whose first label is {@code cmon} or a lower-case UUID; anything
 * else is 404 before authentication. The parsed {@link HostTarget} goes on the exchange.
 */
@Component
public class HostTargetWebFilter implements WebFilter, Ordered {

	/** Before Spring Security's filter chain (-100). */
	public static final int ORDER = -200;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!ProxyExchange.isPublicListener(exchange)) {
			return chain.filter(exchange);
		}
		String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
		if (host == null) {
			// HTTP/2 carries the Host as :authority, which Netty exposes through the URI.
			host = exchange.getRequest().getURI().getRawAuthority();
		}
		HostTarget target = HostTarget.parse(host).orElse(null);
		if (target == null) {
			return Mono.error(new ProxyErrorException(ProxyError.NOT_FOUND));
		}
		exchange.getAttributes().put(ProxyExchange.HOST_TARGET_ATTR, target);
		return chain.filter(exchange);
	}

}
