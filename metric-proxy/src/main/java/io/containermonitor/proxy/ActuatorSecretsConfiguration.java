package io.containermonitor.proxy;

import java.util.Set;

import io.containermonitor.core.config.SecretMasking;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the token the proxy sends triton-discovery out of Actuator's {@code env} and
 * {@code configprops} answers even when an operator exposes them with {@code show-values: always}:
 * by key ({@code cmon.proxy.discovery.token}, {@code CMON_PROXY_DISCOVERY_TOKEN}) and wherever its
 * value appears, as in {@code sun.java.command}.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecretsConfiguration {

	@Bean
	SanitizingFunction proxyTokens(ProxyProperties properties) {
		String token = properties.discovery().token();
		return SecretMasking.of(token == null || token.isBlank() ? Set.of() : Set.of(token));
	}

}
