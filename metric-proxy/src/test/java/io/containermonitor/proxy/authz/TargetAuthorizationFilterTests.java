package io.containermonitor.proxy.authz;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ProxyRoutes;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's authorisation filter alone: discovery on the service host, node discovery for operators, 404 else. */
class TargetAuthorizationFilterTests {

	private final TargetAuthorizationFilter filter = new TargetAuthorizationFilter();

	private final AtomicInteger passed = new AtomicInteger();

	private final GatewayFilterChain chain = exchange -> {
		passed.incrementAndGet();
		return Mono.empty();
	};

	private final Account alice = new Account(UUID.randomUUID(), "alice", false);

	private final Account ops = new Account(UUID.randomUUID(), "ops", true);

	private static MockServerWebExchange exchange(String routeId, Account account, HostTarget host, String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		Route route = Route.async().id(routeId).uri("http://upstream.invalid").predicate(e -> true).build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		exchange.getAttributes().put(ProxyExchange.ACCOUNT_ATTR, account);
		exchange.getAttributes().put(ProxyExchange.HOST_TARGET_ATTR, host);
		return exchange;
	}

	private void notFound(String routeId, Account account, HostTarget host, String path) {
		MockServerWebExchange exchange = exchange(routeId, account, host, path);
		StepVerifier.create(filter.filter(exchange, chain))
			.verifyErrorSatisfies(error -> assertThat(((ProxyErrorException) error).status().value()).isEqualTo(404));
	}

	@Test
	void discoveryOnTheServiceHostAndNodeDiscoveryForOperators() {
		StepVerifier.create(filter.filter(exchange(ProxyRoutes.DISCOVER_ROUTE, alice, HostTarget.SERVICE, "/v1/discover"),
				chain)).verifyComplete();
		StepVerifier.create(filter.filter(exchange(ProxyRoutes.DISCOVER_ROUTE, ops, HostTarget.SERVICE, "/v1/gz/discover"),
				chain)).verifyComplete();
		notFound(ProxyRoutes.DISCOVER_ROUTE, alice, HostTarget.SERVICE, "/v1/gz/discover");
		notFound(ProxyRoutes.DISCOVER_ROUTE, alice, new HostTarget.Target(UUID.randomUUID()), "/v1/discover");
		assertThat(passed).hasValue(2);
	}

	@Test
	void anyOtherRouteIs404() {
		notFound("some-other-route", ops, HostTarget.SERVICE, "/v1/discover");
		assertThat(passed).hasValue(0);
	}

}
