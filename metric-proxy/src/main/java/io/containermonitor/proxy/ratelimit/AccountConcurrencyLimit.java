package io.containermonitor.proxy.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;

/**
 * At most {@code max-concurrent} scrapes of one account in progress at once on this replica.
 * The token bucket bounds how many requests an account starts per second; this bounds how
 * many it holds open, which is what a tenant whose agents hang (each scrape waiting out the
 * response timeout) would otherwise pile up. Over the limit is 429 at once, before any
 * upstream work. One counter per authenticated login (never per unverified input), kept for
 * the life of the process.
 */
public class AccountConcurrencyLimit {

	private final int max;

	private final ProxyMetrics metrics;

	private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	/** {@code max} 0: no limit. */
	public AccountConcurrencyLimit(int max, ProxyMetrics metrics) {
		this.max = max;
		this.metrics = metrics;
	}

	/**
	 * Takes a place for one request of {@code account}; {@link #release} gives it back.
	 *
	 * @throws ProxyErrorException 429 when the account has {@code max} requests in progress
	 */
	public void acquire(Account account) {
		if (max == 0) {
			return;
		}
		AtomicInteger count = inProgress.computeIfAbsent(account.login(), login -> new AtomicInteger());
		if (count.incrementAndGet() > max) {
			count.decrementAndGet();
			metrics.rateLimitRejected();
			throw new ProxyErrorException(ProxyError.TOO_MANY_REQUESTS,
					"You have exceeded your limit of " + max + " concurrent requests.",
					Map.of(AccountRateLimitFilter.RETRY_AFTER_HEADER, "1"));
		}
	}

	public void release(Account account) {
		if (max == 0) {
			return;
		}
		AtomicInteger count = inProgress.get(account.login());
		if (count != null) {
			count.decrementAndGet();
		}
	}

}
