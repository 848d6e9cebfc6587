package io.containermonitor.cns;

import io.containermonitor.core.config.SecretMasking;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the TSIG secrets out of Actuator's {@code env} and {@code configprops} answers even when
 * an operator exposes them with {@code show-values: always} (application.yml says {@code never};
 * Boot then masks every value): a value is masked when its key looks like a credential
 * ({@code ...secret}, {@code ...key}, {@code ...password}, in any of the relaxed forms, such as
 * {@code CMON_CNS_UPDATE_TSIG_SECRET}), and when it contains one of the secrets under any key,
 * as {@code sun.java.command} does for {@code --cmon.cns.update.tsig.secret=...}.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecretsConfiguration {

	@Bean
	SanitizingFunction tsigSecrets(CnsProperties properties) {
		return SecretMasking.of(properties.secrets());
	}

}
