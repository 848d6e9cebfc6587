package io.containermonitor.proxy.route;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyErrorException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing filter alone: the agent URL replaces the placeholder, CMON's opts header is added, agent errors become 502. */
class AgentRoutingFilterTests {

	private final AgentRoutingFilter filter = new AgentRoutingFilter();

	private final UUID vm = UUID.randomUUID();

	private MockServerWebExchange scrape(boolean coreZone) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("https://" + vm + ".cmon.coal.example.com/metrics?x=1"));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, Route.async()
				.id(ProxyRoutes.AGENT_ROUTE)
				.uri(ProxyRoutes.AGENT_PLACEHOLDER_URI)
				.predicate(e -> true)
				.build());
		exchange.getAttributes()
			.put(ProxyExchange.SCRAPE_TARGET_ATTR,
					new ScrapeTarget(vm, ScrapeTarget.vmMetricsUrl("10.0.0.7", 9163, vm), coreZone));
		return exchange;
	}

	@Test
	void scrapeGoesToTheTargetsAgentWithCmonOpts() {
		AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
		GatewayFilterChain chain = exchange -> {
			forwarded.set(exchange);
			exchange.getResponse().setStatusCode(HttpStatus.OK);
			return Mono.empty();
		};
		StepVerifier.create(filter.filter(scrape(true), chain)).verifyComplete();
		URI url = forwarded.get().getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		assertThat(url).hasToString("http://10.0.0.7:9163/v1/" + vm + "/metrics");
		String opts = forwarded.get().getRequest().getHeaders().getFirst(AgentRoutingFilter.CMON_OPTS_HEADER);
		assertThat(new String(Base64.getDecoder().decode(opts), StandardCharsets.UTF_8)).isEqualTo("{\"isCoreZone\":true}");
	}

	@Test
	void agentErrorStatusBecomesBadGateway() {
		GatewayFilterChain chain = exchange -> {
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			exchange.getResponse().getHeaders().set("Content-Encoding", "gzip");
			return Mono.empty();
		};
		MockServerWebExchange exchange = scrape(false);
		StepVerifier.create(filter.filter(exchange, chain)).verifyErrorSatisfies(error -> {
			assertThat(((ProxyErrorException) error).status()).isEqualTo(HttpStatus.BAD_GATEWAY);
			assertThat(((ProxyErrorException) error).clientMessage()).isEqualTo("metric agent answered 404");
		});
		assertThat(exchange.getResponse().getHeaders().headerNames()).doesNotContain("Content-Encoding");
	}

	@Test
	void otherRoutesAreLeftAlone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/discover"));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR,
					Route.async().id(ProxyRoutes.DISCOVER_ROUTE).uri("http://discovery.invalid").predicate(e -> true).build());
		AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
		StepVerifier.create(filter.filter(exchange, e -> {
			forwarded.set(e);
			return Mono.empty();
		})).verifyComplete();
		assertThat(forwarded.get().getRequest().getHeaders().getFirst(AgentRoutingFilter.CMON_OPTS_HEADER)).isNull();
		assertThat((Object) forwarded.get().getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR)).isNull();
	}

}
