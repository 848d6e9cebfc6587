package io.containermonitor.proxy.auth;

import java.security.cert.X509Certificate;
import java.util.List;

import io.containermonitor.core.vm.Account;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An account authenticated by its client certificate. */
public class AccountAuthentication extends AbstractAuthenticationToken {

	private final Account account;

	private final transient X509Certificate certificate;

	public AccountAuthentication(Account account, X509Certificate certificate) {
		super(account.operator() ? List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")) : List.of());
		this.account = account;
		this.certificate = certificate;
		setAuthenticated(true);
	}

	public Account account() {
		return account;
	}

	@Override
	public Object getCredentials() {
		return certificate;
	}

	@Override
	public Object getPrincipal() {
		return account;
	}

	@Override
	public String getName() {
		return account.login();
	}

}
