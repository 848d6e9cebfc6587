package io.containermonitor.proxy;


import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The token sent to triton-discovery never leaves the process: not in the settings' toString, not in Actuator's answers. */
class ProxySecretsTests {

	static final String TOKEN = "pt-4d2b6f10-secret-proxy";

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ProxyProperties.class)
	static class Config {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Config.class, ActuatorSecretsConfiguration.class)
		.withPropertyValues("cmon.proxy.discovery.url=http://discovery:8080", "cmon.proxy.discovery.token=" + TOKEN);

	@Test
	void theSettingsPrintWithoutTheToken() {
		runner.run(context -> {
			ProxyProperties.Discovery discovery = context.getBean(ProxyProperties.class).discovery();
			assertThat(discovery.token()).isEqualTo(TOKEN);
			assertThat(discovery.toString()).doesNotContain(TOKEN)
				.contains("token=******", "url=http://discovery:8080");
			assertThat(context.getBean(ProxyProperties.class).toString()).doesNotContain(TOKEN);
		});
	}

	@Test
	void actuatorMasksTheTokenByKeyAndWhereverItsValueAppears() {
		runner.run(context -> {
			SanitizingFunction masking = context.getBean(SanitizingFunction.class);
			assertThat(sanitized(masking, "cmon.proxy.discovery.token", TOKEN)).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitized(masking, "CMON_PROXY_DISCOVERY_TOKEN", TOKEN)).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitized(masking, "sun.java.command",
					"java -jar metric-proxy.jar --cmon.proxy.discovery.token=" + TOKEN))
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
