package io.containermonitor.proxy;

import java.util.Optional;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.route.HostTarget;

import org.springframework.web.server.ServerWebExchange;

/**
 * The names under which one request's results travel on the exchange, from the
 * filter that finds them to the filters that use them. Chain order:
 * {@link io.containermonitor.proxy.route.HostTargetWebFilter} (Host) → Spring
 * Security (account) → {@link io.containermonitor.proxy.authz.TargetAuthorizationFilter}
 * (target) → {@link io.containermonitor.proxy.ratelimit.AccountRateLimitFilter} →
 * {@link io.containermonitor.proxy.route.AgentRoutingFilter}.
 */
public final class ProxyExchange {

	/** The parsed Host header: {@link HostTarget}. */
	public static final String HOST_TARGET_ATTR = "cmon.proxy.hostTarget";

	/** The authenticated {@link Account}. */
	public static final String ACCOUNT_ATTR = "cmon.proxy.account";

	/** Why authentication failed (for logs and metrics only; never sent to the client). */
	public static final String AUTH_FAILURE_ATTR = "cmon.proxy.authFailure";

	private ProxyExchange() {
	}

	public static Optional<HostTarget> hostTarget(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(HOST_TARGET_ATTR));
	}

	public static Optional<Account> account(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ACCOUNT_ATTR));
	}

	/** Requests on the public TLS listener carry TLS session info; the management port does not. */
	public static boolean isPublicListener(ServerWebExchange exchange) {
		return exchange.getRequest().getSslInfo() != null;
	}

}
