package io.containermonitor.discovery;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy token and the agent token never leave the process: not in a log line, not in the
 * settings' {@code toString}, not in Actuator's {@code env} or {@code configprops}, even when an
 * operator exposes those with {@code show-values: always}.
 */
class DiscoverySecretsTests {

	static final String PROXY_TOKEN = "pt-7f3c9a1e-secret-proxy";

	static final String AGENT_TOKEN = "at-5b2d8e4f-secret-agent";

	@Test
	void theSettingsPrintWithoutTheirTokens() {
		DiscoveryProperties properties = new DiscoveryProperties(PROXY_TOKEN, false,
				new DiscoveryProperties.HttpSd("cmon.test", 9163), new DiscoveryProperties.Registry(true, AGENT_TOKEN,
						Duration.ofSeconds(10), 3, Duration.ofMinutes(10), null));
		assertThat(properties.toString()).doesNotContain(PROXY_TOKEN, AGENT_TOKEN)
			.contains("proxyToken=******", "agentToken=******", "cmon.test", "heartbeatInterval=PT10S");
		assertThat(properties.registry().toString()).doesNotContain(AGENT_TOKEN);
		assertThat(properties.secrets()).containsExactlyInAnyOrder(PROXY_TOKEN, AGENT_TOKEN);
	}

	/** The worst case an operator can configure: every value shown, debug logging everywhere. */
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "cmon.discovery.proxy-token=" + PROXY_TOKEN,
					"cmon.discovery.registry.agent-token=" + AGENT_TOKEN,
					// As sun.java.command reads for `java -jar ... --cmon.discovery.proxy-token=...`.
					"cmon.test.launch-command=java -jar triton-discovery.jar --cmon.discovery.proxy-token=" + PROXY_TOKEN,
					"management.endpoints.web.exposure.include=health,env,configprops",
					"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
					"logging.level.root=debug" })
	@ActiveProfiles("test")
	@ExtendWith(OutputCaptureExtension.class)
	class EverythingShown {

		@LocalServerPort
		int port;

		@LocalManagementPort
		int managementPort;

		WebTestClient management;

		WebTestClient api;

		@BeforeEach
		void clients() {
			management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
			api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		}

		@Test
		void envShowsValuesButNoToken() {
			String env = get("/actuator/env");
			// The values are shown, and the token properties are listed: the masking is what hides them.
			assertThat(env).contains("cmon.discovery.http-sd.dns-suffix", "\"cmon.test\"", "cmon.discovery.proxy-token",
					"cmon.discovery.registry.agent-token", "cmon.test.launch-command");
			assertThat(env).doesNotContain(PROXY_TOKEN, AGENT_TOKEN, "test-proxy-token", "test-agent-token");
		}

		@Test
		void oneEnvPropertyAnswersMaskedToo() {
			assertThat(get("/actuator/env/cmon.discovery.proxy-token")).doesNotContain(PROXY_TOKEN).contains("******");
			assertThat(get("/actuator/env/cmon.test.launch-command")).doesNotContain(PROXY_TOKEN).contains("******");
		}

		@Test
		void configpropsShowsValuesButNoToken() {
			String configprops = get("/actuator/configprops");
			assertThat(configprops).contains("cmon.discovery", "proxyToken", "agentToken", "\"dnsSuffix\":\"cmon.test\"");
			assertThat(configprops).doesNotContain(PROXY_TOKEN, AGENT_TOKEN);
		}

		@Test
		void noLogLineCarriesAToken(CapturedOutput output) {
			// A refused and an accepted registration, logged at debug.
			api.put().uri("/v1/registry/servers/{uuid}", "0ddba11a-0000-4000-8000-000000000001")
				.header("Authorization", "Bearer " + AGENT_TOKEN + "x")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus().isUnauthorized();
			api.get().uri("/v1/discover").header("X-Cmon-Proxy-Token", PROXY_TOKEN).exchange();
			get("/actuator/env");
			get("/actuator/configprops");
			assertThat(output.getAll()).as("the application logged at debug").contains("DEBUG");
			assertThat(output.getAll()).doesNotContain(PROXY_TOKEN, AGENT_TOKEN);
		}

		private String get(String path) {
			return management.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
				.returnResult().getResponseBody();
		}

	}

	/** As shipped: env and configprops are not exposed at all. */
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "cmon.discovery.proxy-token=" + PROXY_TOKEN })
	@ActiveProfiles("test")
	class AsShipped {

		@LocalManagementPort
		int managementPort;

		@Test
		void envAndConfigpropsAreNotExposed() {
			WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
			for (String endpoint : new String[] { "/actuator/env", "/actuator/configprops" }) {
				management.get().uri(endpoint).exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
			}
			management.get().uri("/actuator/health").exchange().expectStatus().isOk();
		}

	}

}
