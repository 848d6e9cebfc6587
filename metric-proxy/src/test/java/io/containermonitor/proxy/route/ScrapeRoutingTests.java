package io.containermonitor.proxy.route;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing by Host to the right agent, and the 404s that must all look alike (spec §2.2, §2.6, §3.4). */
class ScrapeRoutingTests extends ProxyIntegrationTest {

	private ClientIdentity alice() {
		return ClientIdentity.certgen("alice", fixture.aliceEcdsa);
	}

	@Test
	void ownRunningVmIsProxiedToItsAgent() {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage{vm=\"" + fixture.aliceVm + "\"} 42");
		assertThat(response.header("Content-Type")).startsWith("text/plain");
	}

	@Test
	void gzipFromTheAgentIsPassedThrough() throws Exception {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/metrics",
				java.util.Map.of("Accept-Encoding", "gzip"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
		try (var gunzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.raw()))) {
			assertThat(new String(gunzip.readAllBytes(), StandardCharsets.UTF_8))
				.contains("cpu_user_usage{vm=\"" + fixture.aliceVm + "\"} 42");
		}
	}

	@Test
	void hostIsCaseInsensitiveAndPortIsOptional() {
		String host = (fixture.aliceVm + ".CMON." + ProxyFixture.DATACENTER + "." + ProxyFixture.SUFFIX).toUpperCase();
		Response response = client.get(alice(), host, "/metrics");
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void sameScrapeWorksOverHttp2() {
		Response response = client.getHttp2(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage");
	}

	@Test
	void uuidPathOnTheServiceHostIsProxiedToo() {
		Response response = client.get(alice(), ProxyFixture.SERVICE_HOST, "/v1/" + fixture.aliceVm + "/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage{vm=\"" + fixture.aliceVm + "\"} 42");
	}

	@Test
	void agentIsToldWhetherTheVmIsACoreZoneOfAnOperator() {
		Response own = client.get(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(own.body()).contains("# opts " + opts(false));
		Response core = client.get(ClientIdentity.selfSigned("ops", fixture.opsKey),
				ProxyFixture.hostOf(fixture.opsCoreVm), "/metrics");
		assertThat(core.status()).isEqualTo(200);
		assertThat(core.body()).contains("# opts " + opts(true));
	}

	@Test
	void anotherAccountsVmIs404LikeAnUnknownOne() {
		Response notOwned = client.get(alice(), ProxyFixture.hostOf(fixture.bobVm), "/metrics");
		Response unknown = client.get(alice(), ProxyFixture.hostOf(java.util.UUID.randomUUID()), "/metrics");
		Response stopped = client.get(alice(), ProxyFixture.hostOf(fixture.aliceStoppedVm), "/metrics");
		for (Response response : new Response[] { notOwned, unknown, stopped }) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.header("Content-Type")).startsWith("application/json");
			assertThat(response.body()).isEqualTo("{\"code\":\"NotFoundError\",\"message\":\"\"}");
		}
	}

	@Test
	void operatorScrapesAComputeNode() {
		Response response = client.get(ClientIdentity.certgen("ops", fixture.opsKey), ProxyFixture.hostOf(fixture.node),
				"/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("node_up 1");
	}

	@Test
	void nonOperatorCannotScrapeAComputeNode() {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.node), "/metrics");
		assertThat(response.status()).isEqualTo(404);
	}

	@Test
	void operatorCannotScrapeOtherAccountsVms() {
		Response response = client.get(ClientIdentity.certgen("ops", fixture.opsKey), ProxyFixture.hostOf(fixture.aliceVm),
				"/metrics");
		assertThat(response.status()).isEqualTo(404);
	}

	@Test
	void malformedHostIs404BeforeAuthentication() {
		for (String host : new String[] { "10.0.0.5:9163", "cmon:9163", "www.example.com",
				fixture.aliceVm.toString().substring(0, 30) + ".cmon.test-1.cns.example.com" }) {
			Response response = client.get(null, host, "/metrics");
			assertThat(response.status()).as(host).isEqualTo(404);
			assertThat(response.body()).isEqualTo("{\"code\":\"NotFoundError\",\"message\":\"\"}");
		}
	}

	@Test
	void metricsOnTheServiceHostIs404() {
		Response response = client.get(alice(), ProxyFixture.SERVICE_HOST, "/metrics");
		assertThat(response.status()).isEqualTo(404);
	}

	@Test
	void pingNeedsNoCertificateButAValidHost() {
		Response ping = client.get(null, ProxyFixture.SERVICE_HOST, "/_ping");
		assertThat(ping.status()).isEqualTo(200);
		assertThat(ping.body()).isEqualTo("OK");
		assertThat(client.get(null, ProxyFixture.hostOf(fixture.aliceVm), "/v1/_ping").status()).isEqualTo(200);
		assertThat(client.get(null, "localhost:9163", "/_ping").status()).isEqualTo(404);
	}

	@Test
	void onlyTheTwoPingPathsAreOpen() {
		for (String path : new String[] { "/v1/x/_ping", "/x/_ping", "/v/_ping", "/_ping/x", "/v1/_pingx" }) {
			assertThat(client.get(null, ProxyFixture.SERVICE_HOST, path).status()).as(path).isEqualTo(401);
		}
		assertThat(client.get(null, ProxyFixture.SERVICE_HOST, "/v2beta/_ping").status()).isEqualTo(200);
	}

	@Test
	void theAgentsAnswerIsPassedOnWithoutHeadersOfTheProxysOwnAndTheAgentGetsNoForwardedNorCmonHeaders() {
		Response response = client.get(alice(), ProxyFixture.hostOf(fixture.aliceVm), "/metrics",
				java.util.Map.of("X-Forwarded-For", "192.0.2.1", "X-Cmon-Account-Login", "ops", "X-Cmon-Account-Operator",
						"true"));
		assertThat(response.status()).isEqualTo(200);
		for (String name : new String[] { "Cache-Control", "Pragma", "Expires", "X-Frame-Options",
				"X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security", "Referrer-Policy" }) {
			assertThat(response.header(name)).as(name).isNull();
		}
		assertThat(response.body()).contains("# opts ").doesNotContain("# forwarded");
	}

	@Test
	void unknownPathIsResourceNotFound() {
		Response response = client.get(alice(), ProxyFixture.SERVICE_HOST, "/v2/nothing");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"code\":\"ResourceNotFound\",\"message\":\"/v2/nothing does not exist\"}");
	}

	private static String opts(boolean coreZone) {
		return Base64.getEncoder()
			.encodeToString(("{\"isCoreZone\":" + coreZone + "}").getBytes(StandardCharsets.UTF_8));
	}

}
