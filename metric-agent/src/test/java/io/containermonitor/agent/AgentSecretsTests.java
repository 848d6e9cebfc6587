package io.containermonitor.agent;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The registration token never leaves the process: not in the settings' toString, not in Actuator's answers. */
class AgentSecretsTests {

	static final String TOKEN = "at-9c1e7a55-secret-agent";

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AgentProperties.class)
	static class Config {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Config.class, ActuatorSecretsConfiguration.class)
		.withPropertyValues("cmon.agent.registration.url=http://discovery:8080", "cmon.agent.registration.token=" + TOKEN);

	@Test
	void theSettingsPrintWithoutTheToken() {
		runner.run(context -> {
			AgentProperties.Registration registration = context.getBean(AgentProperties.class).registration();
			assertThat(registration.token()).isEqualTo(TOKEN);
			assertThat(registration.toString()).doesNotContain(TOKEN)
				.contains("token=******", "url=http://discovery:8080", "heartbeatInterval=" + Duration.ofSeconds(10));
			assertThat(context.getBean(AgentProperties.class).toString()).doesNotContain(TOKEN);
		});
	}

	@Test
	void actuatorMasksTheTokenByKeyAndWhereverItsValueAppears() {
		runner.run(context -> {
			SanitizingFunction masking = context.getBean(SanitizingFunction.class);
			assertThat(sanitized(masking, "cmon.agent.registration.token", TOKEN)).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitized(masking, "CMON_AGENT_REGISTRATION_TOKEN", TOKEN)).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitized(masking, "sun.java.command",
					"java -jar metric-agent.jar --cmon.agent.registration.token=" + TOKEN))
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			// anything else keeps its value (Boot itself masks URL-like keys, which may carry credentials)
			assertThat(sanitized(masking, "server.port", "9163")).isEqualTo("9163");
		});
	}

	/** As Actuator's sanitizer applies a function: only to the data its filter takes. */
	private static Object sanitized(SanitizingFunction masking, String key, String value) {
		SanitizableData data = new SanitizableData(null, key, value);
		return masking.filter().test(data) ? masking.apply(data).getValue() : data.getValue();
	}

}
