package io.containermonitor.proxy.auth;

import java.security.cert.X509Certificate;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** The not yet authenticated client certificate of a request; null when the client sent none. */
public class ClientCertificateToken extends AbstractAuthenticationToken {

	private final transient X509Certificate certificate;

	public ClientCertificateToken(X509Certificate certificate) {
		super(List.of());
		this.certificate = certificate;
	}

	public X509Certificate certificate() {
		return certificate;
	}

	@Override
	public Object getCredentials() {
		return certificate;
	}

	@Override
	public Object getPrincipal() {
		return certificate == null ? null : certificate.getSubjectX500Principal();
	}

}
