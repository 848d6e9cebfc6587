package io.containermonitor.core.config;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Keeps a service's secrets out of Actuator's {@code env} and {@code configprops} answers even
 * when an operator exposes them with {@code show-values: always}: a value is masked when its key
 * looks like a credential ({@code ...token}, {@code ...secret}, {@code ...password}, in any of
 * the relaxed forms), and when it contains one of the secrets under any key, as
 * {@code sun.java.command} does for {@code --cmon.<service>.<secret>=...}.
 */
public final class SecretMasking {

	private SecretMasking() {
	}

	/** The sanitizing function for these secrets. */
	public static SanitizingFunction of(Set<String> secrets) {
		SanitizingFunction likelyCredential = SanitizingFunction.sanitizeValue().ifLikelyCredential();
		return SanitizingFunction.sanitizeValue()
			.ifMatches(List.of(likelyCredential.filter(),
					data -> data.getValue() != null && secrets.stream().anyMatch(String.valueOf(data.getValue())::contains)));
	}

}
