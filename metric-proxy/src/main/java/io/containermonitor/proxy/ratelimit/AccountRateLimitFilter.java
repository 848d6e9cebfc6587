package io.containermonitor.proxy.ratelimit;

import io.containermonitor.proxy.ProxyExchange;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * CMON's throttle on the gateway's routes (discovery), after authorisation and before routing,
 * through the same {@link AccountThrottle} as scrapes. The gateway's own
 * {@code RequestRateLimiter} cannot give the spec's answer: it denies an empty key (our exempt
 * operators) and answers 429 without a body.
 */
public class AccountRateLimitFilter implements GlobalFilter, Ordered {

	/** After {@link io.containermonitor.proxy.authz.TargetAuthorizationFilter#ORDER}. */
	public static final int ORDER = 200;

	public static final String RETRY_AFTER_HEADER = "Retry-After";

	public static final String REMAINING_HEADER = "X-RateLimit-Remaining";

	private final AccountThrottle throttle;

	public AccountRateLimitFilter(AccountThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String routeId = route == null ? "none" : route.getId();
		return ProxyExchange.account(exchange)
			.map(account -> throttle.check(account, routeId))
			.orElse(Mono.empty())
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

}
