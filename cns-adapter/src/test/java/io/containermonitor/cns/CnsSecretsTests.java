package io.containermonitor.cns;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TSIG secrets (the update key's and every transfer key's) never leave the process: not
 * in a log line, not in an exception or start-up failure, not in a settings' {@code toString},
 * not in Actuator's {@code env}, {@code configprops}, {@code cns} or {@code health}, even when an
 * operator exposes them with {@code show-values: always}.
 */
class CnsSecretsTests {

	static final String UPDATE_SECRET = "dXBkYXRlLXNlY3JldC1mb3ItY25zLXNlY3JldHMtdGVzdHM=";

	static final String TRANSFER_SECRET = "dHJhbnNmZXItc2VjcmV0LWZvci1jbnMtc2VjcmV0cy10ZXN0";

	/** Not base64, so that start-up fails on it; a mistyped secret is still a secret. */
	static final String BAD_SECRET = "not-base64-but-secret!7a1f";

	static final String[] SERVER = { "cmon.cns.zones=us-east-1.cns.example.com",
			"cmon.cns.server.listen-address=127.0.0.1", "cmon.cns.server.port=0", "server.port=0",
			"management.server.port=0", "cmon.cns.server.serial-file=target/cns-secrets-tests-serials.properties",
			"cmon.cns.server.transfer-keys[0].key-name=xfer", "cmon.cns.server.transfer-keys[0].secret=" + TRANSFER_SECRET,
			"cmon.cns.update.tsig.key-name=upd", "cmon.cns.update.tsig.secret=" + UPDATE_SECRET };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CnsProperties.class)
	static class Config {

	}

	@Test
	void theSettingsPrintWithoutTheirSecrets() {
		runner.withPropertyValues(SERVER).run(context -> {
			CnsProperties properties = context.getBean(CnsProperties.class);
			assertThat(properties.toString()).doesNotContain(UPDATE_SECRET, TRANSFER_SECRET).contains("keyName=xfer",
					"keyName=upd", "secret=***");
			assertThat(properties.secrets()).containsExactlyInAnyOrder(UPDATE_SECRET, TRANSFER_SECRET);
		});
	}

	@Test
	void aSecretThatIsNotBase64StopsStartUpWithoutBeingQuoted() {
		runner.withPropertyValues("cmon.cns.zones=a.example.com", "cmon.cns.server.transfer-keys[0].key-name=xfer",
				"cmon.cns.server.transfer-keys[0].secret=" + BAD_SECRET)
			.run(context -> {
				assertThat(context).hasFailed();
				List<String> messages = new ArrayList<>();
				for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
					messages.add(String.valueOf(t.getMessage()));
				}
				assertThat(String.join("\n", messages)).contains("the TSIG secret must be base64").doesNotContain(BAD_SECRET);
			});
	}

	/** What an operator sees: Boot's failure analysis of the same mistake, as logged at start-up. */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theStartUpFailureReportDoesNotQuoteTheSecret(CapturedOutput output) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(CnsAdapterApplication.class)
			.properties("cmon.cns.zones=a.example.com", "server.port=0", "management.server.port=0",
					"cmon.cns.server.port=0", "cmon.cns.server.listen-address=127.0.0.1",
					"cmon.cns.update.tsig.key-name=upd", "cmon.cns.update.tsig.secret=" + BAD_SECRET)
			.run()).hasStackTraceContaining("must be base64");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "cmon.cns.update.tsig")
			.doesNotContain(BAD_SECRET);
	}

	/** The worst case an operator can configure: every value shown, debug logging everywhere. */
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "cmon.cns.zones=us-east-1.cns.example.com", "cmon.cns.server.listen-address=127.0.0.1",
					"cmon.cns.server.port=0", "management.server.port=0",
					"cmon.cns.server.serial-file=target/cns-secrets-tests-serials.properties",
					"cmon.cns.server.transfer-keys[0].key-name=xfer",
					"cmon.cns.server.transfer-keys[0].secret=" + TRANSFER_SECRET, "cmon.cns.update.tsig.key-name=upd",
					"cmon.cns.update.tsig.secret=" + UPDATE_SECRET,
					// As sun.java.command reads for `java -jar ... --cmon.cns.update.tsig.secret=...`.
					"cmon.test.launch-command=java -jar cns-adapter.jar --cmon.cns.update.tsig.secret=" + UPDATE_SECRET,
					"management.endpoints.web.exposure.include=health,env,configprops,cns",
					"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
					"logging.level.root=debug" })
	@ExtendWith(OutputCaptureExtension.class)
	class EverythingShown {

		@LocalManagementPort
		int managementPort;

		WebTestClient management;

		@BeforeEach
		void client() {
			management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
		}

		@Test
		void envShowsValuesButNoSecret() {
			String env = get("/actuator/env");
			// The values are shown, and the secret properties are listed: the masking is what hides them.
			assertThat(env).contains("\"us-east-1.cns.example.com\"", "cmon.cns.update.tsig.secret",
					"cmon.cns.server.transfer-keys[0].secret", "cmon.test.launch-command");
			assertThat(env).doesNotContain(UPDATE_SECRET, TRANSFER_SECRET);
			assertThat(get("/actuator/env/cmon.test.launch-command")).doesNotContain(UPDATE_SECRET).contains("******");
		}

		@Test
		void configpropsShowsValuesButNoSecret() {
			String configprops = get("/actuator/configprops");
			assertThat(configprops).contains("cmon.cns", "\"keyName\":\"xfer\"", "\"keyName\":\"upd\"", "secret");
			assertThat(configprops).doesNotContain(UPDATE_SECRET, TRANSFER_SECRET);
		}

		@Test
		void cnsAndHealthCarryNoSecret() {
			assertThat(get("/actuator/cns")).contains("zones").doesNotContain(UPDATE_SECRET, TRANSFER_SECRET);
			assertThat(management.get().uri("/actuator/health").exchange().expectBody(String.class).returnResult()
				.getResponseBody()).contains("cns").doesNotContain(UPDATE_SECRET, TRANSFER_SECRET);
		}

		@Test
		void noLogLineCarriesASecret(CapturedOutput output) {
			get("/actuator/env");
			get("/actuator/configprops");
			assertThat(output.getAll()).as("the application logged at debug").contains("DEBUG");
			assertThat(output.getAll()).doesNotContain(UPDATE_SECRET, TRANSFER_SECRET);
		}

		private String get(String path) {
			return management.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
				.returnResult().getResponseBody();
		}

	}

	/** As shipped: env and configprops are not exposed at all. */
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "cmon.cns.zones=us-east-1.cns.example.com", "cmon.cns.server.listen-address=127.0.0.1",
					"cmon.cns.server.port=0", "management.server.port=0",
					"cmon.cns.server.serial-file=target/cns-secrets-tests-serials.properties",
					"cmon.cns.update.tsig.key-name=upd", "cmon.cns.update.tsig.secret=" + UPDATE_SECRET })
	class AsShipped {

		@LocalManagementPort
		int managementPort;

		@Test
		void envAndConfigpropsAreNotExposed() {
			WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
			for (String endpoint : new String[] { "/actuator/env", "/actuator/configprops" }) {
				management.get().uri(endpoint).exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
			}
			// The management port answers: the 404s above are not a server that is not there.
			management.get().uri("/actuator/info").exchange().expectStatus().isOk();
		}

	}

}
