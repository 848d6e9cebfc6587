package io.containermonitor.forwarder.http;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.springframework.boot.ssl.SslBundle;

/**
 * The tenant's account login, read from the subject CN of the CMON client certificate
 * ({@code cmon-certgen} makes it {@code CN=<login>}): metric-proxy identifies the
 * tenant by exactly this, so the forwarder needs no separate setting for it.
 */
public final class TenantAccount {

	private TenantAccount() {
	}

	/** The CN of the first certificate in the bundle's keystore, if there is one. */
	public static Optional<String> of(SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			return Optional.empty();
		}
		try {
			for (String alias : Collections.list(keyStore.aliases())) {
				Certificate certificate = keyStore.getCertificate(alias);
				if (certificate instanceof X509Certificate x509) {
					return commonName(x509.getSubjectX500Principal().getName());
				}
			}
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("cannot read the CMON client certificate's keystore", ex);
		}
		return Optional.empty();
	}

	static Optional<String> commonName(String subject) {
		try {
			for (Rdn rdn : new LdapName(subject).getRdns()) {
				if (rdn.getType().equalsIgnoreCase("CN")) {
					return Optional.of(rdn.getValue().toString());
				}
			}
		}
		catch (InvalidNameException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

}
