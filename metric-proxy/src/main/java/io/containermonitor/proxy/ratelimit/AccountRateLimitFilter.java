package io.containermonitor.proxy.ratelimit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * CMON's throttle, after authorisation and before routing, on every route (discovery and
 * scrapes share one bucket per account, spec §5). The gateway's own
 * {@code RequestRateLimiter} cannot give the spec's answer: it denies an empty key (our
 * exempt operators) and answers 429 without a body. This one lets an empty key through and
 * answers 429 {@code TooManyRequestsError} with {@code Retry-After}.
 */
public class AccountRateLimitFilter implements GlobalFilter, Ordered {

	/** After {@link io.containermonitor.proxy.authz.TargetAuthorizationFilter#ORDER}. */
	public static final int ORDER = 200;

	public static final String RETRY_AFTER_HEADER = "Retry-After";

	public static final String REMAINING_HEADER = "X-RateLimit-Remaining";

	private static final Logger log = LoggerFactory.getLogger(AccountRateLimitFilter.class);

	private final KeyResolver keyResolver;

	private final RateLimiter<?> rateLimiter;

	private final ProxyProperties.RateLimit limits;

	private final ProxyMetrics metrics;

	public AccountRateLimitFilter(KeyResolver keyResolver, RateLimiter<?> rateLimiter, ProxyProperties.RateLimit limits,
			ProxyMetrics metrics) {
		this.keyResolver = keyResolver;
		this.rateLimiter = rateLimiter;
		this.limits = limits;
		this.metrics = metrics;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String routeId = route == null ? "none" : route.getId();
		return keyResolver.resolve(exchange)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(key -> {
				if (key.isEmpty()) {
					return chain.filter(exchange);
				}
				String login = key.get();
				return rateLimiter.isAllowed(routeId, login).flatMap(response -> {
					if (response.isAllowed()) {
						return chain.filter(exchange);
					}
					metrics.rateLimitRejected();
					log.debug("Account {} throttled on {}", login, routeId);
					Map<String, String> headers = new HashMap<>();
					headers.put(RETRY_AFTER_HEADER, response.getHeaders().getOrDefault(RETRY_AFTER_HEADER, "1"));
					int rate = limits.limitFor(login, ProxyExchange.account(exchange).map(a -> a.operator()).orElse(false))
						.replenishRate();
					return Mono.error(new ProxyErrorException(ProxyError.TOO_MANY_REQUESTS,
							"You have exceeded your request rate of " + rate + " r/s.", headers));
				});
			});
	}

}
