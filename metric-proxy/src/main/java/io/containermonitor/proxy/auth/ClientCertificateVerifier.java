package io.containermonitor.proxy.auth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import io.containermonitor.core.vm.Account;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import reactor.core.publisher.Mono;

/**
 * Authenticates a client certificate as CMON does (spec §3.1–§3.3):
 * <ul>
 * <li>the account login is always the subject CN;</li>
 * <li><b>old style</b> (no joyentCmon purpose): self-signed by an account key, expiry
 * ignored; the key id is the subject key's MD5 fingerprint;</li>
 * <li><b>new style</b> (extended key usage {@value #JOYENT_CMON_PURPOSE}, as
 * {@code triton profile cmon-certgen} makes): expiry enforced; unless self-signed, the
 * issuer CN must be an MD5 fingerprint ({@code MD5:<b64>} or colon-hex) of the signing
 * key, and that is the key id;</li>
 * <li>the key with that id must be on the account, or on a member of its
 * {@code administrator} role, and the certificate must be signed by it.</li>
 * </ul>
 * RSA, ECDSA and Ed25519 keys alike. Every failure is a {@link CertificateRejectedException}.
 */
public class ClientCertificateVerifier {

	/** sshpk's {@code joyentCmon} purpose. */
	public static final String JOYENT_CMON_PURPOSE = "1.3.6.1.4.1.38678.1.4.2";

	private final AccountDirectory directory;

	private final Clock clock;

	public ClientCertificateVerifier(AccountDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	public Mono<Account> authenticate(X509Certificate certificate) {
		return Mono.defer(() -> {
			if (certificate == null) {
				throw new CertificateRejectedException("no_certificate", "the client sent no certificate");
			}
			String login = cn(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()))
				.orElseThrow(() -> new CertificateRejectedException("bad_certificate", "subject has no CN"));
			String keyId = keyId(certificate, login);
			return directory.findByLogin(login)
				.switchIfEmpty(Mono.error(() -> new CertificateRejectedException("unknown_account",
						"no account '" + login + "'")))
				.flatMap(account -> {
					SshPublicKey key = account.keys().get(keyId);
					if (key != null) {
						return Mono.just(verified(certificate, key, account.account(), login));
					}
					return directory.administratorKeys(login).map(memberKeys -> {
						SshPublicKey memberKey = memberKeys.get(keyId);
						if (memberKey == null) {
							throw new CertificateRejectedException("unknown_key",
									"key " + keyId + " is not on account '" + login
											+ "' nor on a member of its administrator role");
						}
						return verified(certificate, memberKey, account.account(), login);
					});
				});
		});
	}

	private String keyId(X509Certificate certificate, String login) {
		String keyId;
		try {
			keyId = SshPublicKey.md5Fingerprint(certificate.getPublicKey());
		}
		catch (IllegalArgumentException ex) {
			throw new CertificateRejectedException("bad_certificate", ex.getMessage());
		}
		if (!hasCmonPurpose(certificate)) {
			return keyId;
		}
		try {
			certificate.checkValidity(Date.from(clock.instant()));
		}
		catch (CertificateExpiredException | CertificateNotYetValidException ex) {
			throw new CertificateRejectedException("expired", "certificate of '" + login + "' valid "
					+ certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant());
		}
		if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
			return keyId;
		}
		Optional<String> issuerCn = cn(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()));
		return issuerCn.flatMap(KeyFingerprint::parseMd5)
			.orElseThrow(() -> new CertificateRejectedException("bad_issuer",
					"issuer CN '" + issuerCn.orElse("") + "' is not an MD5 key fingerprint"));
	}

	private static Account verified(X509Certificate certificate, SshPublicKey key, Account account, String login) {
		if (!isSignedBy(certificate, key.publicKey())) {
			throw new CertificateRejectedException("bad_signature",
					"certificate of '" + login + "' is not signed by key " + key.md5Fingerprint());
		}
		return account;
	}

	static boolean isSignedBy(X509Certificate certificate, PublicKey key) {
		try {
			certificate.verify(key);
			return true;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	static boolean hasCmonPurpose(X509Certificate certificate) {
		try {
			List<String> usages = certificate.getExtendedKeyUsage();
			return usages != null && usages.contains(JOYENT_CMON_PURPOSE);
		}
		catch (CertificateParsingException ex) {
			throw new CertificateRejectedException("bad_certificate", "unreadable extended key usage");
		}
	}

	static Optional<String> cn(X500Name name) {
		RDN[] rdns = name.getRDNs(BCStyle.CN);
		if (rdns.length == 0 || rdns[0].getFirst() == null) {
			return Optional.empty();
		}
		ASN1Encodable encoded = rdns[0].getFirst().getValue();
		// The raw string: IETFUtils would escape '+' and '/', which MD5:<base64> contains.
		String value = encoded instanceof ASN1String string ? string.getString() : IETFUtils.valueToString(encoded);
		return value.isEmpty() ? Optional.empty() : Optional.of(value);
	}

}
