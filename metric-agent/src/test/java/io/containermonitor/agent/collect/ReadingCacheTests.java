package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingCacheTests {

	private final AtomicLong now = new AtomicLong();

	private final ReadingCache cache = new ReadingCache(now::get);

	private final AtomicInteger reads = new AtomicInteger();

	private Outcome read(Duration ttl) {
		reads.incrementAndGet();
		return new Outcome("cpu", true, List.of(), List.of(), 0.001, ttl);
	}

	@Test
	void oneReadPerTtlHoweverManyAsk() {
		Duration ttl = Duration.ofSeconds(10);
		assertThat(cache.get("vm", "cpu", () -> read(ttl)).cached()).isFalse();
		now.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(cache.get("vm", "cpu", () -> read(ttl)).cached()).isTrue();
		assertThat(reads).hasValue(1);
		now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(cache.get("vm", "cpu", () -> read(ttl)).cached()).isFalse();
		assertThat(reads).hasValue(2);
		assertThat(cache.hits()).isEqualTo(1);
		assertThat(cache.misses()).isEqualTo(2);
	}

	@Test
	void zeroTtlIsNeverCached() {
		cache.get("vm", "time", () -> read(Duration.ZERO));
		assertThat(cache.get("vm", "time", () -> read(Duration.ZERO)).cached()).isFalse();
		assertThat(reads).hasValue(2);
	}

	@Test
	void concurrentScrapersShareOneRead() throws Exception {
		CountDownLatch inRead = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Future<?> first = pool.submit(() -> cache.get("vm", "cpu", () -> {
				inRead.countDown();
				await(release);
				return read(Duration.ofSeconds(10));
			}));
			inRead.await(5, TimeUnit.SECONDS);
			List<Future<ReadingCache.Lookup>> others = List.of(
					pool.submit(() -> cache.get("vm", "cpu", () -> read(Duration.ofSeconds(10)))),
					pool.submit(() -> cache.get("vm", "cpu", () -> read(Duration.ofSeconds(10)))));
			release.countDown();
			first.get(5, TimeUnit.SECONDS);
			for (Future<ReadingCache.Lookup> f : others) {
				assertThat(f.get(5, TimeUnit.SECONDS).cached()).isTrue();
			}
			assertThat(reads).hasValue(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void evictedTargetIsReadAgain() {
		cache.get("vm", "cpu", () -> read(Duration.ofSeconds(10)));
		cache.evict("vm");
		assertThat(cache.get("vm", "cpu", () -> read(Duration.ofSeconds(10))).cached()).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
