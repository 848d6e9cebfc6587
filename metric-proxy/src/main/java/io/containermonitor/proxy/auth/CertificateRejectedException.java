package io.containermonitor.proxy.auth;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A client certificate did not authenticate. The reason is for logs and the
 * {@code reason} label of the auth-failure counter; the client only sees 401.
 */
public class CertificateRejectedException extends BadCredentialsException {

	private final String reason;

	public CertificateRejectedException(String reason, String detail) {
		super(reason + ": " + detail);
		this.reason = reason;
	}

	/** A short, fixed, label-safe reason: {@code no_certificate}, {@code expired}, ... */
	public String reason() {
		return reason;
	}

}
