package io.containermonitor.proxy.auth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.containermonitor.core.vm.Account;
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
	public static final String JOYENT_CMON_PURPOSE = ClientCertificate.JOYENT_CMON_PURPOSE;

	/** Distinct client certificates remembered; each scraper has one or a few. */
	private static final int CERTIFICATES_CACHED = 4096;

	private final AccountDirectory directory;

	private final Clock clock;

	private final Cache<X509Certificate, ClientCertificate> certificates = Caffeine.newBuilder()
		.maximumSize(CERTIFICATES_CACHED)
		.build();

	/**
	 * The key each certificate was last found signed by. Every new TLS connection brings its own
	 * certificate object, so the JDK's own memo of the last verification (per object) does not
	 * help there; a signature check costs far more than this look-up.
	 */
	private final Cache<X509Certificate, PublicKey> signers = Caffeine.newBuilder()
		.maximumSize(CERTIFICATES_CACHED)
		.build();

	public ClientCertificateVerifier(AccountDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	public Mono<Account> authenticate(X509Certificate certificate) {
		return Mono.defer(() -> {
			if (certificate == null) {
				throw new CertificateRejectedException("no_certificate", "the client sent no certificate");
			}
			// A certificate that fails to read is not cached: it throws again, with its reason, each time.
			ClientCertificate read = certificates.get(certificate, ClientCertificate::read);
			String login = read.login();
			String keyId = keyId(certificate, read);
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

	private String keyId(X509Certificate certificate, ClientCertificate read) {
		if (!read.cmonPurpose()) {
			return read.subjectKeyId();
		}
		try {
			certificate.checkValidity(Date.from(clock.instant()));
		}
		catch (CertificateExpiredException | CertificateNotYetValidException ex) {
			throw new CertificateRejectedException("expired", "certificate of '" + read.login() + "' valid "
					+ certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant());
		}
		if (read.selfSigned()) {
			return read.subjectKeyId();
		}
		Optional<String> issuerCn = read.issuerCn();
		return issuerCn.flatMap(KeyFingerprint::parseMd5)
			.orElseThrow(() -> new CertificateRejectedException("bad_issuer",
					"issuer CN '" + issuerCn.orElse("") + "' is not an MD5 key fingerprint"));
	}

	private Account verified(X509Certificate certificate, SshPublicKey key, Account account, String login) {
		PublicKey publicKey = key.publicKey();
		if (publicKey.equals(signers.getIfPresent(certificate))) {
			return account;
		}
		if (!isSignedBy(certificate, publicKey)) {
			throw new CertificateRejectedException("bad_signature",
					"certificate of '" + login + "' is not signed by key " + key.md5Fingerprint());
		}
		signers.put(certificate, publicKey);
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

}
