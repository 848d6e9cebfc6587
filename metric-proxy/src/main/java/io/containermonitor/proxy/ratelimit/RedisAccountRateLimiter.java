package io.containermonitor.proxy.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * Token buckets shared by every replica, in Redis, through Spring Cloud Gateway's
 * {@link RedisRateLimiter} (its Lua token bucket, keyed {@code request_rate_limiter.{login}.*}).
 * The default limit and each per-login override are registered with it under their own
 * config ids.
 *
 * <p><b>Failure policy: fail open.</b> When Redis is down, slow (past {@code redis-timeout}) or
 * answers an error, the request is let through, counted in
 * {@code cmon_proxy_rate_limit_fail_open_total} and logged (a warning at most every 10 s).
 * The limiter protects agents from one tenant's excess; losing it for a while costs less than
 * refusing every tenant's scrapes, which fail-closed would do.
 */
public class RedisAccountRateLimiter extends AccountRateLimiter {

	static final String DEFAULT_CONFIG_ID = "cmon-account-default";

	static final String OVERRIDE_CONFIG_PREFIX = "cmon-account-override:";

	private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

	private static final Logger log = LoggerFactory.getLogger(RedisAccountRateLimiter.class);

	private final RedisRateLimiter redis;

	private final ProxyMetrics metrics;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	public RedisAccountRateLimiter(RedisRateLimiter redis, ProxyProperties.RateLimit limits, ProxyMetrics metrics) {
		super(limits);
		this.redis = redis;
		this.metrics = metrics;
		redis.getConfig().put(DEFAULT_CONFIG_ID, config(new ProxyProperties.Limit(limits.replenishRate(),
				limits.burstCapacity())));
		limits.overrides().forEach((login, limit) -> {
			if (!limit.unlimited()) {
				redis.getConfig().put(OVERRIDE_CONFIG_PREFIX + login, config(limit));
			}
		});
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String login) {
		ProxyProperties.Limit limit = limits.limitFor(login, false);
		if (limit.unlimited()) {
			return Mono.just(new Response(true, Map.of()));
		}
		String configId = limits.overrides().containsKey(login) ? OVERRIDE_CONFIG_PREFIX + login : DEFAULT_CONFIG_ID;
		return Mono.defer(() -> redis.isAllowed(configId, login))
			.timeout(limits.redisTimeout())
			.map(response -> {
				// RedisRateLimiter itself fails open on a Redis error, answering allowed with -1 tokens left.
				if (response.isAllowed() && "-1".equals(response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER))) {
					return failOpen(login, null);
				}
				if (response.isAllowed()) {
					return response;
				}
				long seconds = Math.max(1, (long) Math.ceil(1.0 / limit.replenishRate()));
				return new Response(false, Map.of(AccountRateLimitFilter.RETRY_AFTER_HEADER, Long.toString(seconds),
						AccountRateLimitFilter.REMAINING_HEADER, "0"));
			})
			.onErrorResume(ex -> Mono.just(failOpen(login, ex)));
	}

	private Response failOpen(String login, Throwable cause) {
		metrics.rateLimitFailedOpen();
		long now = System.nanoTime();
		long last = lastWarning.get();
		if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
			log.warn("Rate limiter in Redis failed; letting requests through unlimited (first: account {}): {}", login,
					cause == null ? "Redis call failed" : cause.toString());
		}
		return new Response(true, Map.of());
	}

	private static RedisRateLimiter.Config config(ProxyProperties.Limit limit) {
		return new RedisRateLimiter.Config().setReplenishRate(limit.replenishRate())
			.setBurstCapacity(limit.burstCapacity())
			.setRequestedTokens(1);
	}

}
