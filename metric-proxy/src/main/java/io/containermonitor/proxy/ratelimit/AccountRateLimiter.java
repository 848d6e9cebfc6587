package io.containermonitor.proxy.ratelimit;

import java.util.Map;

import io.containermonitor.proxy.ProxyProperties;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;

/**
 * A per-account limiter as the gateway sees one: its limits come from
 * {@code cmon.proxy.rate-limit} (by login, see {@link ProxyProperties.RateLimit#limitFor}),
 * not from per-route configuration, so the gateway's configuration hooks only report them.
 */
public abstract class AccountRateLimiter implements RateLimiter<ProxyProperties.Limit> {

	protected final ProxyProperties.RateLimit limits;

	protected AccountRateLimiter(ProxyProperties.RateLimit limits) {
		this.limits = limits;
	}

	@Override
	public final Map<String, ProxyProperties.Limit> getConfig() {
		return Map.of();
	}

	@Override
	public final Class<ProxyProperties.Limit> getConfigClass() {
		return ProxyProperties.Limit.class;
	}

	@Override
	public final ProxyProperties.Limit newConfig() {
		return new ProxyProperties.Limit(limits.replenishRate(), limits.burstCapacity());
	}

}
