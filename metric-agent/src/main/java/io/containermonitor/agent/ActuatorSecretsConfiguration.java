package io.containermonitor.agent;

import java.util.Set;

import io.containermonitor.core.config.SecretMasking;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the registration token out of Actuator's {@code env} and {@code configprops} answers even
 * when an operator exposes them with {@code show-values: always}: by key
 * ({@code cmon.agent.registration.token}, {@code CMON_AGENT_REGISTRATION_TOKEN}) and wherever
 * its value appears, as in {@code sun.java.command}.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecretsConfiguration {

	@Bean
	SanitizingFunction agentTokens(AgentProperties properties) {
		String token = properties.registration().token();
		return SecretMasking.of(token == null || token.isBlank() ? Set.of() : Set.of(token));
	}

}
