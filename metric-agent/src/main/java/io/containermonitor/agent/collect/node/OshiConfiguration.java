package io.containermonitor.agent.collect.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import oshi.SystemInfo;

/** One OSHI entry point shared by the node collectors. */
@Configuration(proxyBeanMethods = false)
class OshiConfiguration {

	@Bean
	SystemInfo oshiSystemInfo() {
		return new SystemInfo();
	}

}
