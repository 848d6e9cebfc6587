package io.containermonitor.proxy.ratelimit;

import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.ClientOptions;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Picks where buckets live: {@code cmon.proxy.rate-limit.store=memory} (default) or {@code redis}. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

	/** The name of the account rate limiter bean. */
	public static final String ACCOUNT_RATE_LIMITER = "accountRateLimiter";

	@Bean(ACCOUNT_RATE_LIMITER)
	@Primary
	@ConditionalOnProperty(name = "cmon.proxy.rate-limit.store", havingValue = "memory", matchIfMissing = true)
	LocalAccountRateLimiter localAccountRateLimiter(ProxyProperties properties) {
		return new LocalAccountRateLimiter(properties.rateLimit(), TimeMeter.SYSTEM_NANOTIME);
	}

	@Bean(ACCOUNT_RATE_LIMITER)
	@Primary
	@ConditionalOnProperty(name = "cmon.proxy.rate-limit.store", havingValue = "redis")
	RedisAccountRateLimiter redisAccountRateLimiter(RedisRateLimiter redisRateLimiter, ProxyProperties properties,
			ProxyMetrics metrics) {
		return new RedisAccountRateLimiter(redisRateLimiter, properties.rateLimit(), metrics);
	}

	/**
	 * With Redis gone, Lettuce would queue commands until it reconnects, holding every request
	 * for the command timeout; rejecting them at once lets the limiter fail open at once.
	 */
	@Bean
	@ConditionalOnProperty(name = "cmon.proxy.rate-limit.store", havingValue = "redis")
	LettuceClientConfigurationBuilderCustomizer rejectCommandsWhileDisconnected() {
		return builder -> builder
			.clientOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
	}

	@Bean
	AccountThrottle accountThrottle(@Qualifier(ACCOUNT_RATE_LIMITER) RateLimiter<?> rateLimiter,
			ProxyProperties properties, ProxyMetrics metrics) {
		return new AccountThrottle(rateLimiter, properties.rateLimit(), metrics);
	}

	@Bean
	AccountConcurrencyLimit accountConcurrencyLimit(ProxyProperties properties, ProxyMetrics metrics) {
		return new AccountConcurrencyLimit(properties.rateLimit().maxConcurrent(), metrics);
	}

	@Bean
	AccountRateLimitFilter accountRateLimitFilter(AccountThrottle throttle) {
		return new AccountRateLimitFilter(throttle);
	}

}
