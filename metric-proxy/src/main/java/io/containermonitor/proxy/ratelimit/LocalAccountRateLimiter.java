package io.containermonitor.proxy.ratelimit;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.containermonitor.proxy.ProxyProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;


/**
 * One in-memory Bucket4j token bucket per login, as restify's throttle keeps them (capacity
 * {@code burst-capacity}, refilled greedily at {@code replenish-rate} per second, the least
 * recently used dropped past {@code max-accounts}). Per replica: with N replicas behind round
 * robin an account gets up to N times the rate; use {@link RedisAccountRateLimiter} to share.
 */
public class LocalAccountRateLimiter extends AccountRateLimiter {

	private final TimeMeter time;

	private final Cache<String, Bucket> buckets;

	public LocalAccountRateLimiter(ProxyProperties.RateLimit limits, TimeMeter time) {
		super(limits);
		this.time = time;
		this.buckets = Caffeine.newBuilder().maximumSize(limits.maxAccounts()).build();
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String login) {
		ProxyProperties.Limit limit = limits.limitFor(login, false);
		if (limit.unlimited()) {
			return Mono.just(new Response(true, Map.of()));
		}
		Bucket bucket = buckets.get(login, key -> newBucket(limit));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return Mono.just(new Response(true,
					Map.of(AccountRateLimitFilter.REMAINING_HEADER, Long.toString(probe.getRemainingTokens()))));
		}
		long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		return Mono.just(new Response(false, Map.of(AccountRateLimitFilter.RETRY_AFTER_HEADER, Long.toString(seconds),
				AccountRateLimitFilter.REMAINING_HEADER, "0")));
	}

	private Bucket newBucket(ProxyProperties.Limit limit) {
		Bandwidth bandwidth = Bandwidth.builder()
			.capacity(limit.burstCapacity())
			.refillGreedy(limit.replenishRate(), Duration.ofSeconds(1))
			.build();
		return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
	}

}
