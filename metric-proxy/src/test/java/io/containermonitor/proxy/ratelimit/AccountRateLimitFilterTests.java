package io.containermonitor.proxy.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit filter alone: operators exempt, overrides, and the 429 it signals. */
class AccountRateLimitFilterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger passed = new AtomicInteger();

	private final GatewayFilterChain chain = exchange -> {
		passed.incrementAndGet();
		return Mono.empty();
	};

	private AccountRateLimitFilter filter(ProxyProperties.RateLimit limits) {
		TimeMeter frozen = new TimeMeter() {
			@Override
			public long currentTimeNanos() {
				return 0;
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}
		};
		return new AccountRateLimitFilter(
				new AccountThrottle(new LocalAccountRateLimiter(limits, frozen), limits, new ProxyMetrics(registry)));
	}

	private static ProxyProperties.RateLimit limits(int rate, int burst, boolean operatorExempt,
			Map<String, ProxyProperties.Limit> overrides) {
		return new ProxyProperties.RateLimit(rate, burst, operatorExempt, overrides, ProxyProperties.Store.MEMORY,
				Duration.ofMillis(250), 100, 0, 0, 0);
	}

	private static MockServerWebExchange exchangeOf(Account account) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/metrics"));
		exchange.getAttributes().put(ProxyExchange.ACCOUNT_ATTR, account);
		return exchange;
	}

	@Test
	void tenantIsRefusedWith429OnceTheBucketIsEmpty() {
		AccountRateLimitFilter filter = filter(limits(100, 3, true, Map.of()));
		Account alice = new Account(UUID.randomUUID(), "alice", false);
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(filter.filter(exchangeOf(alice), chain)).verifyComplete();
		}
		StepVerifier.create(filter.filter(exchangeOf(alice), chain)).verifyErrorSatisfies(error -> {
			assertThat(error).isInstanceOf(ProxyErrorException.class);
			ProxyErrorException proxyError = (ProxyErrorException) error;
			assertThat(proxyError.status().value()).isEqualTo(429);
			assertThat(proxyError.headers()).containsEntry("Retry-After", "1");
			assertThat(proxyError.clientMessage()).isEqualTo("You have exceeded your request rate of 100 r/s.");
		});
		assertThat(passed).hasValue(3);
		assertThat(registry.get("cmon.proxy.rate.limit.rejections").counter().count()).isEqualTo(1);
	}

	@Test
	void operatorsAreExemptUnlessConfiguredOtherwise() {
		Account ops = new Account(UUID.randomUUID(), "admin", true);
		AccountRateLimitFilter exempt = filter(limits(100, 3, true, Map.of()));
		for (int i = 0; i < 10; i++) {
			StepVerifier.create(exempt.filter(exchangeOf(ops), chain)).verifyComplete();
		}
		AccountRateLimitFilter notExempt = filter(limits(100, 3, false, Map.of()));
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(notExempt.filter(exchangeOf(ops), chain)).verifyComplete();
		}
		StepVerifier.create(notExempt.filter(exchangeOf(ops), chain)).expectError(ProxyErrorException.class).verify();
	}

	@Test
	void perAccountOverrideWinsOverDefaultsAndOperatorExemption() {
		AccountRateLimitFilter filter = filter(limits(100, 1000, true,
				Map.of("ops", new ProxyProperties.Limit(5, 1), "bigtenant", ProxyProperties.Limit.UNLIMITED)));
		Account ops = new Account(UUID.randomUUID(), "ops", true);
		StepVerifier.create(filter.filter(exchangeOf(ops), chain)).verifyComplete();
		StepVerifier.create(filter.filter(exchangeOf(ops), chain))
			.verifyErrorSatisfies(error -> assertThat(((ProxyErrorException) error).clientMessage())
				.isEqualTo("You have exceeded your request rate of 5 r/s."));
		Account big = new Account(UUID.randomUUID(), "bigtenant", false);
		for (int i = 0; i < 2000; i++) {
			StepVerifier.create(filter.filter(exchangeOf(big), chain)).verifyComplete();
		}
	}

}
