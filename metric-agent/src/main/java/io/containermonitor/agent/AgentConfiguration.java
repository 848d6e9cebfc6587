package io.containermonitor.agent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the agent derives from its settings. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

	@Bean
	NodeIdentity nodeIdentity(AgentProperties properties) {
		return NodeIdentity.from(properties);
	}

}
