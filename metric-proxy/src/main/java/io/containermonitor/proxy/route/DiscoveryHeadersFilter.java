package io.containermonitor.proxy.route;

import io.containermonitor.core.vm.TrustedAccountHeaders;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.ProxyProperties;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells triton-discovery who is asking: {@code X-Cmon-Account-Uuid}, {@code X-Cmon-Account-Login},
 * {@code X-Cmon-Account-Operator} and the shared {@code X-Cmon-Proxy-Token}. Incoming
 * {@code X-Cmon-*} headers were dropped by {@link CmonHeaderStrippingFilter}.
 */
@Component
public class DiscoveryHeadersFilter implements GatewayFilter {

	public static final String ACCOUNT_UUID = TrustedAccountHeaders.ACCOUNT_UUID;

	public static final String ACCOUNT_LOGIN = TrustedAccountHeaders.ACCOUNT_LOGIN;

	public static final String ACCOUNT_OPERATOR = TrustedAccountHeaders.ACCOUNT_OPERATOR;

	public static final String PROXY_TOKEN = TrustedAccountHeaders.PROXY_TOKEN;

	private final String token;

	public DiscoveryHeadersFilter(ProxyProperties properties) {
		this.token = properties.discovery().token();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Account account = ProxyExchange.account(exchange)
			.orElseThrow(() -> new IllegalStateException("discovery route reached without an account"));
		return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
			headers.set(ACCOUNT_UUID, account.uuid().toString());
			headers.set(ACCOUNT_LOGIN, account.login());
			headers.set(ACCOUNT_OPERATOR, Boolean.toString(account.operator()));
			if (token != null) {
				headers.set(PROXY_TOKEN, token);
			}
		})).build());
	}

	@Override
	public String toString() {
		return "DiscoveryHeaders[" + ACCOUNT_UUID + ", " + ACCOUNT_LOGIN + ", " + ACCOUNT_OPERATOR + ", "
				+ PROXY_TOKEN + "]";
	}

}
