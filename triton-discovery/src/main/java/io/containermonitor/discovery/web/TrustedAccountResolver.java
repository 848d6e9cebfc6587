package io.containermonitor.discovery.web;

import io.containermonitor.core.vm.TrustedAccountHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.TritonUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives a controller the calling {@link Account}, as metric-proxy vouches for it. The proxy
 * authenticates the client certificate and passes the account in trusted headers, proven by
 * the shared proxy token; a request without a valid token and account is a 401 (the caller
 * went around the proxy, or the proxy is misconfigured).
 */
public class TrustedAccountResolver implements HandlerMethodArgumentResolver {

	public static final String PROXY_TOKEN_HEADER = TrustedAccountHeaders.PROXY_TOKEN;

	public static final String ACCOUNT_UUID_HEADER = TrustedAccountHeaders.ACCOUNT_UUID;

	public static final String ACCOUNT_LOGIN_HEADER = TrustedAccountHeaders.ACCOUNT_LOGIN;

	public static final String ACCOUNT_OPERATOR_HEADER = TrustedAccountHeaders.ACCOUNT_OPERATOR;

	private static final Logger logger = LoggerFactory.getLogger(TrustedAccountResolver.class);

	private final byte[] proxyToken;

	public TrustedAccountResolver(String proxyToken) {
		this.proxyToken = proxyToken.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Account.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return Mono.fromCallable(() -> authenticate(exchange.getRequest().getHeaders()));
	}

	Account authenticate(HttpHeaders headers) {
		String token = headers.getFirst(PROXY_TOKEN_HEADER);
		if (token == null || !MessageDigest.isEqual(proxyToken, token.getBytes(StandardCharsets.UTF_8))) {
			logger.debug("Refused a discovery request without a valid proxy token");
			throw ApiException.unauthorized("request did not come through metric-proxy");
		}
		UUID uuid = TritonUuid.parseLenient(headers.getFirst(ACCOUNT_UUID_HEADER))
			.orElseThrow(() -> ApiException.unauthorized("missing or malformed " + ACCOUNT_UUID_HEADER));
		String login = headers.getFirst(ACCOUNT_LOGIN_HEADER);
		if (login == null || login.isBlank()) {
			throw ApiException.unauthorized("missing " + ACCOUNT_LOGIN_HEADER);
		}
		return new Account(uuid, login, operator(headers.getFirst(ACCOUNT_OPERATOR_HEADER)));
	}

	private static boolean operator(String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw ApiException.unauthorized(ACCOUNT_OPERATOR_HEADER + " must be true or false, not '" + value + "'");
	}

}
