package io.containermonitor.discovery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsFollowTheSpec() {
		runner.withPropertyValues("cmon.discovery.proxy-token=s3cret").run(context -> {
			DiscoveryProperties properties = context.getBean(DiscoveryProperties.class);
			assertThat(properties.includeStopped()).isFalse();
			assertThat(properties.httpSd().port()).isEqualTo(9163);
			assertThat(properties.httpSd().dnsSuffix()).isNull();
			assertThat(properties.registry().enabled()).isFalse();
			assertThat(properties.registry().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.registry().downAfter()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.registry().startupGrace()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void goodValuesBind() {
		runner.withPropertyValues("cmon.discovery.proxy-token=s3cret", "cmon.discovery.include-stopped=true",
				"cmon.discovery.http-sd.dns-suffix=cmon.dc1.example.com", "cmon.discovery.registry.enabled=true",
				"cmon.discovery.registry.agent-token=agent", "cmon.discovery.registry.heartbeat-interval=2s")
			.run(context -> {
				DiscoveryProperties properties = context.getBean(DiscoveryProperties.class);
				assertThat(properties.includeStopped()).isTrue();
				assertThat(properties.httpSd().dnsSuffix()).isEqualTo("cmon.dc1.example.com");
				assertThat(properties.registry().downAfter()).isEqualTo(Duration.ofSeconds(6));
				assertThat(properties.registry().startupGrace()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void missingProxyTokenStopsStartUp() {
		runner.run(context -> assertThat(context).getFailure().hasStackTraceContaining("proxyToken"));
	}

	@Test
	void enabledRegistryWithoutAgentTokenStopsStartUp() {
		runner.withPropertyValues("cmon.discovery.proxy-token=s3cret", "cmon.discovery.registry.enabled=true")
			.run(context -> assertThat(context).getFailure()
				.hasStackTraceContaining("agent-token must be set when the registry is enabled"));
	}

	@Test
	void zeroHeartbeatIntervalStopsStartUp() {
		runner.withPropertyValues("cmon.discovery.proxy-token=s3cret",
				"cmon.discovery.registry.heartbeat-interval=0s")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("heartbeatInterval"));
	}

	@Test
	void badDnsSuffixStopsStartUp() {
		runner.withPropertyValues("cmon.discovery.proxy-token=s3cret", "cmon.discovery.http-sd.dns-suffix=not a name")
			.run(context -> assertThat(context).getFailure().hasStackTraceContaining("must be a DNS name"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DiscoveryProperties.class)
	static class Config {

	}

}
