package io.containermonitor.proxy.authz;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ProxyRoutes;
import io.containermonitor.proxy.route.ScrapeTarget;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorisation filter alone, over a real Inventory: who reaches which agent, and the one 404 for the rest. */
class TargetAuthorizationFilterTests {

	private final Inventory inventory = new Inventory();

	private final TargetAuthorizationFilter filter = new TargetAuthorizationFilter(inventory);

	private final AtomicInteger passed = new AtomicInteger();

	private final GatewayFilterChain chain = exchange -> {
		passed.incrementAndGet();
		return Mono.empty();
	};

	private final Account alice = new Account(UUID.randomUUID(), "alice", false);

	private final Account ops = new Account(UUID.randomUUID(), "ops", true);

	private final UUID node = UUID.randomUUID();

	private final UUID nodeWithoutAddress = UUID.randomUUID();

	TargetAuthorizationFilterTests() {
		inventory.putServer(new Server(node, "cn1", "10.0.0.7", 9163, ServerStatus.RUNNING, false));
		inventory.putServer(new Server(nodeWithoutAddress, "cn2", null, 9163, ServerStatus.RUNNING, false));
	}

	private UUID vm(Account owner, UUID server, VmState state, Map<String, Object> tags) {
		UUID uuid = UUID.randomUUID();
		inventory.putVm(new Vm(uuid, null, owner.uuid(), server, state, "lx", null, tags, null, null, null));
		return uuid;
	}

	private static MockServerWebExchange exchange(String routeId, Account account, HostTarget host, String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		Route route = Route.async().id(routeId).uri("http://upstream.invalid").predicate(e -> true).build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		exchange.getAttributes().put(ProxyExchange.ACCOUNT_ATTR, account);
		exchange.getAttributes().put(ProxyExchange.HOST_TARGET_ATTR, host);
		return exchange;
	}

	private ScrapeTarget allowedScrape(Account account, HostTarget host, String path) {
		MockServerWebExchange exchange = exchange(ProxyRoutes.AGENT_ROUTE, account, host, path);
		StepVerifier.create(filter.filter(exchange, chain)).verifyComplete();
		return ProxyExchange.scrapeTarget(exchange).orElseThrow();
	}

	private void notFound(String routeId, Account account, HostTarget host, String path) {
		MockServerWebExchange exchange = exchange(routeId, account, host, path);
		StepVerifier.create(filter.filter(exchange, chain))
			.verifyErrorSatisfies(error -> assertThat(((ProxyErrorException) error).status().value()).isEqualTo(404));
		assertThat(ProxyExchange.scrapeTarget(exchange)).isEmpty();
	}

	@Test
	void ownRunningVmGoesToItsNodesAgent() {
		UUID vm = vm(alice, node, VmState.RUNNING, Map.of());
		ScrapeTarget target = allowedScrape(alice, new HostTarget.Target(vm), "/metrics");
		assertThat(target.agentUrl().toString()).isEqualTo("http://10.0.0.7:9163/v1/" + vm + "/metrics");
		assertThat(target.coreZone()).isFalse();
		assertThat(allowedScrape(alice, HostTarget.SERVICE, "/v1/" + vm + "/metrics").agentUrl())
			.isEqualTo(target.agentUrl());
	}

	@Test
	void coreZoneOnlyForOperators() {
		UUID core = vm(ops, node, VmState.RUNNING, Map.of("smartdc_role", "cmon"));
		assertThat(allowedScrape(ops, new HostTarget.Target(core), "/metrics").coreZone()).isTrue();
		UUID tenantTagged = vm(alice, node, VmState.RUNNING, Map.of("manta_role", "storage"));
		assertThat(allowedScrape(alice, new HostTarget.Target(tenantTagged), "/metrics").coreZone()).isFalse();
	}

	@Test
	void everyRefusalIsTheSame404() {
		Account bob = new Account(UUID.randomUUID(), "bob", false);
		notFound(ProxyRoutes.AGENT_ROUTE, bob, new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of())), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice, new HostTarget.Target(vm(alice, node, VmState.STOPPED, Map.of())), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice,
				new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of("smartdc_role", "nat"))), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice,
				new HostTarget.Target(vm(alice, nodeWithoutAddress, VmState.RUNNING, Map.of())), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice,
				new HostTarget.Target(vm(alice, UUID.randomUUID(), VmState.RUNNING, Map.of())), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice, new HostTarget.Target(UUID.randomUUID()), "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice, HostTarget.SERVICE, "/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice, HostTarget.SERVICE, "/v1/gz/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, alice, new HostTarget.Target(node), "/metrics");
		assertThat(passed).hasValue(0);
	}

	@Test
	void operatorsScrapeNodesButNotOtherAccountsVms() {
		assertThat(allowedScrape(ops, new HostTarget.Target(node), "/metrics").agentUrl().toString())
			.isEqualTo("http://10.0.0.7:9163/v1/gz/metrics");
		assertThat(allowedScrape(ops, HostTarget.SERVICE, "/v1/" + node + "/metrics").agentUrl().toString())
			.isEqualTo("http://10.0.0.7:9163/v1/gz/metrics");
		notFound(ProxyRoutes.AGENT_ROUTE, ops, new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of())),
				"/metrics");
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

}
