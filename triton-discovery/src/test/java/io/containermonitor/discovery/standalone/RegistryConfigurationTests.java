package io.containermonitor.discovery.standalone;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.discovery.DiscoveryProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Base.class, RegistryConfiguration.class)
		.withPropertyValues("cmon.discovery.proxy-token=p", "cmon.discovery.registry.agent-token=a");

	@Test
	void offUnlessEnabled() {
		runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AgentRegistry.class));
	}

	@Test
	void onWhenEnabled() {
		runner.withPropertyValues("cmon.discovery.registry.enabled=true")
			.run(context -> assertThat(context).hasSingleBean(AgentRegistry.class).hasSingleBean(VmListing.class));
	}

	@Test
	void refusesToRunBesideTritonMode() {
		runner.withPropertyValues("cmon.discovery.registry.enabled=true", "cmon.triton.vmapi-url=http://vmapi")
			.run(context -> assertThat(context).getFailure()
				.hasStackTraceContaining("(standalone mode) and cmon.triton.vmapi-url (Triton mode) exclude each other"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DiscoveryProperties.class)
	static class Base {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

	}

}
