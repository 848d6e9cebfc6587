package io.containermonitor.proxy.ratelimit;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.ProxyProperties;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The rate-limit key is the account login (CMON's {@code username} throttle). Accounts that
 * are not limited, operators while {@code operator-exempt} holds and logins overridden to
 * 0 (unlimited), resolve to no key, which {@link AccountRateLimitFilter} lets through.
 */
@Component
public class AccountKeyResolver implements KeyResolver {

	private final ProxyProperties.RateLimit limits;

	public AccountKeyResolver(ProxyProperties properties) {
		this.limits = properties.rateLimit();
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return Mono.justOrEmpty(ProxyExchange.account(exchange))
			.filter(account -> !limits.limitFor(account.login(), account.operator()).unlimited())
			.map(Account::login);
	}

}
