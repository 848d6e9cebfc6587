package io.containermonitor.proxy.route;

import java.util.Map;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/discover} and {@code /v1/gz/discover} go to triton-discovery (here an echo) with
 * the account in {@code X-Cmon-*} headers that no client can forge.
 */
class DiscoveryRouteTests extends ProxyIntegrationTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void discoverCarriesTheAuthenticatedAccountAndTheQuery() {
		Response response = client.get(ClientIdentity.certgen("alice", fixture.aliceRsa), ProxyFixture.SERVICE_HOST,
				"/v1/discover?groups=web%2Cdb");
		assertThat(response.status()).isEqualTo(200);
		JsonNode echo = json.readTree(response.body());
		assertThat(echo.path("uri").asString()).isEqualTo("/v1/discover?groups=web%2Cdb");
		JsonNode headers = echo.path("headers");
		assertThat(headers.path("x-cmon-account-uuid").asString()).isEqualTo(fixture.alice.toString());
		assertThat(headers.path("x-cmon-account-login").asString()).isEqualTo("alice");
		assertThat(headers.path("x-cmon-account-operator").asString()).isEqualTo("false");
		assertThat(headers.path("x-cmon-proxy-token").asString()).isEqualTo("s3cret-proxy-token");
	}

	@Test
	void httpSdIsRoutedLikeDiscoverWithComputeNodesForOperatorsOnly() {
		Response tenant = client.get(ClientIdentity.certgen("alice", fixture.aliceRsa), ProxyFixture.SERVICE_HOST,
				"/v1/http_sd");
		assertThat(tenant.status()).isEqualTo(200);
		JsonNode echo = json.readTree(tenant.body());
		assertThat(echo.path("uri").asString()).isEqualTo("/v1/http_sd");
		assertThat(echo.path("headers").path("x-cmon-account-login").asString()).isEqualTo("alice");
		assertThat(client.get(ClientIdentity.certgen("alice", fixture.aliceRsa), ProxyFixture.SERVICE_HOST,
				"/v1/gz/http_sd").status()).isEqualTo(404);
		assertThat(client.get(ClientIdentity.certgen("ops", fixture.opsKey), ProxyFixture.SERVICE_HOST,
				"/v1/gz/http_sd").status()).isEqualTo(200);
	}

	@Test
	void incomingCmonHeadersAreStripped() {
		Response response = client.get(ClientIdentity.certgen("alice", fixture.aliceRsa), ProxyFixture.SERVICE_HOST,
				"/v1/discover", Map.of("X-Cmon-Account-Login", "ops", "X-Cmon-Account-Operator", "true",
						"X-Cmon-Account-Uuid", fixture.ops.toString(), "X-Cmon-Anything", "x"));
		JsonNode headers = json.readTree(response.body()).path("headers");
		assertThat(headers.path("x-cmon-account-login").asString()).isEqualTo("alice");
		assertThat(headers.path("x-cmon-account-operator").asString()).isEqualTo("false");
		assertThat(headers.path("x-cmon-account-uuid").asString()).isEqualTo(fixture.alice.toString());
		assertThat(headers.has("x-cmon-anything")).isFalse();
	}

	@Test
	void computeNodeDiscoveryIsForOperatorsOnly() {
		Response operator = client.get(ClientIdentity.certgen("ops", fixture.opsKey), ProxyFixture.SERVICE_HOST,
				"/v1/gz/discover");
		assertThat(operator.status()).isEqualTo(200);
		assertThat(json.readTree(operator.body()).path("headers").path("x-cmon-account-operator").asString())
			.isEqualTo("true");
		Response tenant = client.get(ClientIdentity.certgen("alice", fixture.aliceRsa), ProxyFixture.SERVICE_HOST,
				"/v1/gz/discover");
		assertThat(tenant.status()).isEqualTo(404);
	}

	@Test
	void discoverOnATargetHostIs404() {
		Response response = client.get(ClientIdentity.certgen("alice", fixture.aliceRsa),
				ProxyFixture.hostOf(fixture.aliceVm), "/v1/discover");
		assertThat(response.status()).isEqualTo(404);
	}

}
