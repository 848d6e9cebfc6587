package io.containermonitor.proxy.auth;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Spring Security's view of {@link ClientCertificateVerifier}. A failure to reach the account
 * directory (mahi down) is a 401 as in CMON, with reason {@code directory_error}.
 */
public class ClientCertificateAuthenticationManager implements ReactiveAuthenticationManager {

	private final ClientCertificateVerifier verifier;

	public ClientCertificateAuthenticationManager(ClientCertificateVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ClientCertificateToken token)) {
			return Mono.empty();
		}
		return verifier.authenticate(token.certificate())
			.<Authentication>map(account -> new AccountAuthentication(account, token.certificate()))
			.onErrorMap(ex -> !(ex instanceof AuthenticationException),
					ex -> new CertificateRejectedException("directory_error", "account look-up failed: " + ex));
	}

}
