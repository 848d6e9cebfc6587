package io.containermonitor.proxy.route;

import java.time.Duration;
import java.util.Map;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents that are down, hung or failing cost their own callers a bounded wait and a clear
 * 502/504, never other tenants' scrapes (CMON: 500, no timeouts).
 */
class UpstreamFailureTests extends ProxyIntegrationTest {

	@Test
	void agentDownIs502WithinTheConnectTimeout() {
		Response response = client.get(ClientIdentity.certgen("alice", fixture.aliceEd25519),
				ProxyFixture.hostOf(fixture.aliceDeadVm), "/metrics");
		assertThat(response.status()).isEqualTo(502);
		assertThat(response.body()).isEqualTo("{\"code\":\"BadGatewayError\",\"message\":\"metric agent is unreachable\"}");
		assertThat(response.elapsed()).isLessThan(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS + 1000));
	}

	@Test
	void agentHangingIs504WithinTheResponseTimeoutWhileOtherTenantsScrape() {
		Mono<Response> hanging = client.getAsync(ClientIdentity.certgen("alice", fixture.aliceEd25519),
				ProxyFixture.hostOf(fixture.aliceHangingVm), "/metrics", Map.of(), false);
		ClientIdentity bob = ClientIdentity.certgen("bob", fixture.bobKey);
		// While alice's scrape hangs, bob scrapes every 100 ms; each must answer quickly.
		Mono<java.util.List<Response>> others = reactor.core.publisher.Flux.range(0, 8)
			.concatMap(i -> Mono.delay(Duration.ofMillis(100))
				.then(client.getAsync(bob, ProxyFixture.hostOf(fixture.bobVm), "/metrics", Map.of(), false)))
			.collectList();
		var both = Mono.zip(hanging, others).block(Duration.ofSeconds(20));
		Response timedOut = both.getT1();
		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.body())
			.isEqualTo("{\"code\":\"GatewayTimeoutError\",\"message\":\"metric agent did not answer in time\"}");
		assertThat(timedOut.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS))
			.isLessThan(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS + 2500));
		assertThat(both.getT2()).hasSize(8).allSatisfy(response -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.elapsed()).isLessThan(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS));
		});
	}

	@Test
	void agentErrorIs502NotPassedThrough() {
		Response response = client.get(ClientIdentity.certgen("alice", fixture.aliceEd25519),
				ProxyFixture.hostOf(fixture.aliceAgent404Vm), "/metrics");
		assertThat(response.status()).isEqualTo(502);
		assertThat(response.body()).isEqualTo("{\"code\":\"BadGatewayError\",\"message\":\"metric agent answered 404\"}");
	}

}
