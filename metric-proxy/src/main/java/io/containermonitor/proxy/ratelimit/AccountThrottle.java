package io.containermonitor.proxy.ratelimit;

import java.util.Map;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

/**
 * CMON's throttle for one request of an authenticated account: one token bucket per login
 * (the {@link RateLimiter}, in memory or Redis), shared by discovery and scrapes (spec §5).
 * Accounts that are not limited (operators while {@code operator-exempt} holds, logins
 * overridden to 0) pass without touching a bucket. A refusal is 429
 * {@code TooManyRequestsError} with {@code Retry-After}, decided before any upstream work.
 */
public class AccountThrottle {

	private static final Logger log = LoggerFactory.getLogger(AccountThrottle.class);

	private final RateLimiter<?> rateLimiter;

	private final ProxyProperties.RateLimit limits;

	private final ProxyMetrics metrics;

	public AccountThrottle(RateLimiter<?> rateLimiter, ProxyProperties.RateLimit limits, ProxyMetrics metrics) {
		this.rateLimiter = rateLimiter;
		this.limits = limits;
		this.metrics = metrics;
	}

	/** Whether {@code account} is limited at all. */
	public boolean limits(Account account) {
		return !limits.limitFor(account.login(), account.operator()).unlimited();
	}

	/** Completes when the request may go on; fails with the 429 to answer when it may not. */
	public Mono<Void> check(Account account, String routeId) {
		if (!limits(account)) {
			return Mono.empty();
		}
		String login = account.login();
		return rateLimiter.isAllowed(routeId, login).flatMap(response -> {
			if (response.isAllowed()) {
				return Mono.empty();
			}
			metrics.rateLimitRejected();
			log.debug("Account {} throttled on {}", login, routeId);
			int rate = limits.limitFor(login, account.operator()).replenishRate();
			return Mono.error(new ProxyErrorException(ProxyError.TOO_MANY_REQUESTS,
					"You have exceeded your request rate of " + rate + " r/s.",
					Map.of(AccountRateLimitFilter.RETRY_AFTER_HEADER,
							response.getHeaders().getOrDefault(AccountRateLimitFilter.RETRY_AFTER_HEADER, "1"))));
		});
	}

}
