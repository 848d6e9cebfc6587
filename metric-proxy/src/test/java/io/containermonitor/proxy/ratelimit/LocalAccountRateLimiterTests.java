package io.containermonitor.proxy.ratelimit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.proxy.ProxyProperties;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory token bucket against a clock that moves only when the test says so. */
class LocalAccountRateLimiterTests {

	private final AtomicLong nanos = new AtomicLong();

	private final TimeMeter clock = new TimeMeter() {
		@Override
		public long currentTimeNanos() {
			return nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}
	};

	private static ProxyProperties.RateLimit limits(Map<String, ProxyProperties.Limit> overrides) {
		return new ProxyProperties.RateLimit(100, 1000, true, overrides, ProxyProperties.Store.MEMORY,
				java.time.Duration.ofMillis(250), 10_000, 0, 0, 0);
	}

	@Test
	void thousandAllowedThenThe1001stIsRefusedWithRetryAfter() {
		LocalAccountRateLimiter limiter = new LocalAccountRateLimiter(limits(Map.of()), clock);
		for (int i = 0; i < 1000; i++) {
			assertThat(limiter.isAllowed("r", "alice").block().isAllowed()).as("request %d", i + 1).isTrue();
		}
		Response refused = limiter.isAllowed("r", "alice").block();
		assertThat(refused.isAllowed()).isFalse();
		assertThat(refused.getHeaders()).containsEntry("Retry-After", "1");
	}

	@Test
	void bucketRefillsAtTheReplenishRate() {
		LocalAccountRateLimiter limiter = new LocalAccountRateLimiter(limits(Map.of()), clock);
		for (int i = 0; i < 1000; i++) {
			limiter.isAllowed("r", "alice").block();
		}
		assertThat(limiter.isAllowed("r", "alice").block().isAllowed()).isFalse();
		nanos.addAndGet(10_000_000); // 10 ms at 100/s: one token
		assertThat(limiter.isAllowed("r", "alice").block().isAllowed()).isTrue();
		assertThat(limiter.isAllowed("r", "alice").block().isAllowed()).isFalse();
		nanos.addAndGet(1_000_000_000); // a second: 100 tokens
		int allowed = 0;
		while (limiter.isAllowed("r", "alice").block().isAllowed()) {
			allowed++;
		}
		assertThat(allowed).isEqualTo(100);
	}

	@Test
	void accountsHaveTheirOwnBuckets() {
		LocalAccountRateLimiter limiter = new LocalAccountRateLimiter(limits(Map.of()), clock);
		for (int i = 0; i < 1001; i++) {
			limiter.isAllowed("r", "alice").block();
		}
		StepVerifier.create(limiter.isAllowed("r", "bob")).assertNext(r -> assertThat(r.isAllowed()).isTrue()).verifyComplete();
	}

	@Test
	void overridesWin() {
		LocalAccountRateLimiter limiter = new LocalAccountRateLimiter(
				limits(Map.of("small", new ProxyProperties.Limit(1, 2), "free", ProxyProperties.Limit.UNLIMITED)), clock);
		assertThat(limiter.isAllowed("r", "small").block().isAllowed()).isTrue();
		assertThat(limiter.isAllowed("r", "small").block().isAllowed()).isTrue();
		assertThat(limiter.isAllowed("r", "small").block().isAllowed()).isFalse();
		for (int i = 0; i < 5000; i++) {
			assertThat(limiter.isAllowed("r", "free").block().isAllowed()).isTrue();
		}
	}

}
