package io.containermonitor.proxy.route;

import java.util.UUID;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's application metrics, {@code /app/metrics} beside {@code /metrics}: the same
 * certificate, owner check and 404s, only for VMs whose tags declare an endpoint, and the
 * agent's failures passed on with their status and message.
 */
class AppScrapeRoutingTests extends ProxyIntegrationTest {

	private static final String NOT_FOUND = "{\"code\":\"NotFoundError\",\"message\":\"\"}";

	private ClientIdentity alice() {
		return ClientIdentity.certgen("alice", fixture.aliceEcdsa);
	}

	@Test
	void theOwnerGetsTheApplicationsSeriesAndTheAgentGetsTheDeclaredEndpoint() {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceAppVm), "/app/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/plain");
		assertThat(response.body()).contains("demo_up{vm=\"" + fixture.aliceAppVm + "\"} 1")
			.contains("# endpoint 9090 /metrics");
	}

	@Test
	void theUuidPathOnTheServiceHostWorksToo() {
		Response response = client.get(alice(), ProxyFixture.SERVICE_HOST,
				"/v1/" + fixture.aliceAppVm + "/app/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("demo_up{vm=\"" + fixture.aliceAppVm + "\"} 1");
	}

	@Test
	void theContainersOwnMetricsStayWhereTheyWere() {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceAppVm), "/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage").doesNotContain("demo_up");
	}

	@Test
	void aVmThatDeclaresNoEndpointAnotherAccountsAndUnknownOnesAreTheSame404() {
		Response undeclared = client.get(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/app/metrics");
		Response notOwned = client.get(alice(), ProxyFixture.hostOf(fixture.bobAppVm), "/app/metrics");
		Response unknown = client.get(alice(), ProxyFixture.hostOf(UUID.randomUUID()), "/app/metrics");
		Response stopped = client.get(alice(), ProxyFixture.hostOf(fixture.aliceStoppedVm), "/app/metrics");
		Response byPath = client.get(alice(), ProxyFixture.SERVICE_HOST, "/v1/" + fixture.bobAppVm + "/app/metrics");
		for (Response response : new Response[] { undeclared, notOwned, unknown, stopped, byPath }) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.body()).isEqualTo(NOT_FOUND);
		}
	}

	@Test
	void operatorsGetNoViewIntoATenantsApplicationNorAComputeNodes() {
		ClientIdentity ops = ClientIdentity.certgen("ops", fixture.opsKey);
		assertThat(client.get(ops, ProxyFixture.hostOf(fixture.aliceAppVm), "/app/metrics").body()).isEqualTo(NOT_FOUND);
		assertThat(client.get(ops, ProxyFixture.hostOf(fixture.node), "/app/metrics").body()).isEqualTo(NOT_FOUND);
	}

	@Test
	void withoutACertificateItIs401() {
		Response response = client.get(null, ProxyFixture.hostOf(fixture.aliceAppVm), "/app/metrics");
		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void theAgentsTimeoutAndBadGatewayArePassedOnWithTheirMessage() {
		Response timeout = client.get(alice(), ProxyFixture.hostOf(fixture.aliceApp504Vm), "/app/metrics");
		assertThat(timeout.status()).isEqualTo(504);
		assertThat(timeout.body()).isEqualTo(
				"{\"code\":\"GatewayTimeoutError\",\"message\":\"application did not answer within 5000 ms\"}");
		Response tooLarge = client.get(alice(), ProxyFixture.hostOf(fixture.aliceApp502Vm), "/app/metrics");
		assertThat(tooLarge.status()).isEqualTo(502);
		assertThat(tooLarge.body()).isEqualTo(
				"{\"code\":\"BadGatewayError\",\"message\":\"the application's answer is larger than 4194304 bytes\"}");
	}

	@Test
	void theApplicationsMetricsShareTheAccountsRateLimit() {
		ClientIdentity ada = ClientIdentity.certgen("ada", fixture.adaKey);
		String host = ProxyFixture.hostOf(fixture.adaAppVm);
		for (int i = 0; i < 3; i++) {
			assertThat(client.get(ada, host, "/metrics").status()).isEqualTo(200);
		}
		Response limited = client.get(ada, host, "/app/metrics");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isNotBlank();
	}

	@Test
	void otherPathsUnderAppAreNotScrapes() {
		for (String path : new String[] { "/app/metricsx", "/app", "/v1/" + fixture.aliceAppVm + "/app/x/metrics" }) {
			Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceAppVm), path);
			assertThat(response.status()).as(path).isEqualTo(404);
		}
	}

}
