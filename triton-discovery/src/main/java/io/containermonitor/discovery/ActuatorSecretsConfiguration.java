package io.containermonitor.discovery;

import io.containermonitor.core.config.SecretMasking;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the tokens out of Actuator's {@code env} and {@code configprops} answers even when an
 * operator exposes them with {@code show-values: always} (application.yml says {@code never};
 * Boot then masks every value): a value is masked when its key looks like a credential
 * ({@code ...token}, {@code ...secret}, {@code ...password}, in any of the relaxed forms, such as
 * {@code CMON_DISCOVERY_PROXY_TOKEN}), and when it contains one of the tokens under any key,
 * as {@code sun.java.command} does for {@code --cmon.discovery.proxy-token=...}.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecretsConfiguration {

	@Bean
	SanitizingFunction discoveryTokens(DiscoveryProperties properties) {
		return SecretMasking.of(properties.secrets());
	}

}
