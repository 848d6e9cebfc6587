package io.containermonitor.proxy.test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.containermonitor.proxy.auth.ClientCertificateVerifier;
import io.containermonitor.proxy.auth.KeyFingerprint;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TLS client identity, made the two ways CMON accepts (spec §3.2).
 *
 * @param privateKey the key the TLS client proves possession of
 * @param certificate the client certificate
 */
public record ClientIdentity(PrivateKey privateKey, X509Certificate certificate) {

	/** Old style: self-signed by the account's SSH key, subject CN = login, no cmon purpose. */
	public static ClientIdentity selfSigned(String login, SshKeyPair key) {
		return build(login, login, key.publicKey().publicKey(), key.privateKey(), key.signatureAlgorithm(),
				Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), false, key.privateKey());
	}

	/**
	 * New style, as {@code triton profile cmon-certgen} makes it: a fresh ECDSA P-256 key, subject
	 * CN = login, issuer CN = {@code MD5:<b64>} of the signing SSH key, purposes signature,
	 * identity, clientAuth and joyentCmon, signed by the SSH key.
	 */
	public static ClientIdentity certgen(String login, SshKeyPair signer, Instant notBefore, Instant notAfter) {
		return certgen(login, signer, KeyFingerprint.toMd5Base64(signer.md5()), notBefore, notAfter);
	}

	public static ClientIdentity certgen(String login, SshKeyPair signer, String issuerCn, Instant notBefore,
			Instant notAfter) {
		KeyPair fresh = ecKeyPair();
		return build(login, issuerCn, fresh.getPublic(), signer.privateKey(), signer.signatureAlgorithm(),
				notBefore, notAfter, true, fresh.getPrivate());
	}

	public static ClientIdentity certgen(String login, SshKeyPair signer) {
		return certgen(login, signer, Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(3650)));
	}

	private static ClientIdentity build(String login, String issuerCn, PublicKey subjectKey, PrivateKey signingKey,
			String signatureAlgorithm, Instant notBefore, Instant notAfter, boolean cmonPurpose, PrivateKey tlsKey) {
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(cn(issuerCn),
					new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter),
					cn(login), subjectKey);
			if (cmonPurpose) {
				builder.addExtension(Extension.keyUsage, false,
						new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(new KeyPurposeId[] { KeyPurposeId.id_kp_clientAuth,
								KeyPurposeId.getInstance(new ASN1ObjectIdentifier(ClientCertificateVerifier.JOYENT_CMON_PURPOSE)) }));
			}
			var holder = builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(signingKey));
			return new ClientIdentity(tlsKey, new JcaX509CertificateConverter().getCertificate(holder));
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot make a client certificate for " + login, ex);
		}
	}

	/** A one-CN name; built, not parsed, as {@code MD5:<b64>} may contain '+' and '='. */
	private static X500Name cn(String value) {
		return new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
			.addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, value)
			.build();
	}

	private static KeyPair ecKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
