package io.containermonitor.agent;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class AgentPropertiesTests {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AgentProperties.class)
	static class Config {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsComeFromTheSpec() {
		runner.run(context -> {
			AgentProperties p = context.getBean(AgentProperties.class);
			assertThat(p.cgroupRoot()).isEqualTo(Path.of("/sys/fs/cgroup"));
			assertThat(p.procRoot()).isEqualTo(Path.of("/proc"));
			assertThat(p.cache().kernelTtl()).isEqualTo(Duration.ofSeconds(10));
			assertThat(p.cache().filesystemTtl()).isEqualTo(Duration.ofSeconds(300));
			assertThat(p.plugins().timeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(p.plugins().maxOutput().toBytes()).isEqualTo(500 * 1024);
			assertThat(p.plugins().vmDir()).isEqualTo(Path.of("/opt/custom/cmon/vm-plugins"));
			assertThat(p.registration().url()).isNull();
			assertThat(p.registration().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(p.registration().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
			assertThat(p.registration().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
			assertThat(p.registration().agentPort()).isEqualTo(9163);
			assertThat(p.owner().label()).isEqualTo("triton.cmon.owner");
			assertThat(p.isEnabled("cpu")).isTrue();
		});
	}

	@Test
	void goodValuesBind() {
		runner.withPropertyValues("cmon.agent.cgroup-root=/tmp/cg", "cmon.agent.cache.kernel-ttl=2s",
				"cmon.agent.collectors.tcp.enabled=false", "cmon.agent.discovery.roots=/machines,/pool",
				"cmon.agent.owner.mapping[web-*]=930896af-bf8c-48d4-885c-6573a94b1853")
			.run(context -> {
				AgentProperties p = context.getBean(AgentProperties.class);
				assertThat(p.cgroupRoot()).isEqualTo(Path.of("/tmp/cg"));
				assertThat(p.cache().kernelTtl()).isEqualTo(Duration.ofSeconds(2));
				assertThat(p.isEnabled("tcp")).isFalse();
				assertThat(p.discovery().roots()).containsExactly("/machines", "/pool");
				assertThat(p.owner().mapping()).containsKey("web-*");
			});
	}

	@Test
	void badValuesStopStartUpWithAClearMessage() {
		runner.withPropertyValues("cmon.agent.discovery.max-depth=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxDepth"));
		runner.withPropertyValues("cmon.agent.registration.agent-port=70000")
			.run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("cmon.agent.server-uuid=not-a-uuid")
			.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void applicationScrapesAreBoundedByDefault() {
		runner.run(context -> {
			AgentProperties.App app = context.getBean(AgentProperties.class).app();
			assertThat(app.enabled()).isTrue();
			assertThat(app.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(app.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(app.maxBodySize().toBytes()).isEqualTo(4L * 1024 * 1024);
			assertThat(app.maxSamples()).isEqualTo(200_000);
			assertThat(app.maxConcurrent()).isEqualTo(4);
			assertThat(app.endpoints()).isEmpty();
		});
	}

	@Test
	void configuredApplicationEndpointsBindWithTheDefaultPath() {
		runner.withPropertyValues("cmon.agent.app.endpoints[web-*].port=9090",
				"cmon.agent.app.endpoints[db].port=8080", "cmon.agent.app.endpoints[db].path=/prom")
			.run(context -> {
				AgentProperties.App app = context.getBean(AgentProperties.class).app();
				assertThat(app.endpoints().get("web-*")).isEqualTo(new AgentProperties.App.Endpoint(9090, "/metrics"));
				assertThat(app.endpoints().get("db")).isEqualTo(new AgentProperties.App.Endpoint(8080, "/prom"));
			});
	}

	@Test
	void badApplicationSettingsStopStartUp() {
		runner.withPropertyValues("cmon.agent.app.connect-timeout=10s", "cmon.agent.app.timeout=5s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cmon.agent.app.connect-timeout"));
		runner.withPropertyValues("cmon.agent.app.timeout=2m").run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("cmon.agent.app.max-concurrent=0").run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("cmon.agent.app.max-body-size=0B").run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("cmon.agent.app.endpoints[web].port=0").run(context -> assertThat(context).hasFailed());
		runner.withPropertyValues("cmon.agent.app.endpoints[web].port=9090", "cmon.agent.app.endpoints[web].path=metrics")
			.run(context -> assertThat(context).hasFailed());
	}

}
