package io.containermonitor.proxy.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What a client certificate says of itself, read once per certificate: a Prometheus keeps one
 * certificate on every connection for months, and parsing names, extensions and fingerprints on
 * every scrape was a tenth of the proxy's allocation. Time and the account's keys are checked
 * per request by {@link ClientCertificateVerifier}.
 *
 * @param login the subject CN
 * @param subjectKeyId the MD5 fingerprint of the certificate's own key
 * @param cmonPurpose whether it has CMON's extended key usage (a new-style certificate)
 * @param selfSigned whether subject and issuer are the same name
 * @param issuerCn the issuer CN, if any
 */
record ClientCertificate(String login, String subjectKeyId, boolean cmonPurpose, boolean selfSigned,
		Optional<String> issuerCn) {

	/** sshpk's {@code joyentCmon} purpose. */
	static final String JOYENT_CMON_PURPOSE = "1.3.6.1.4.1.38678.1.4.2";

	static ClientCertificate read(X509Certificate certificate) {
		String login = cn(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()))
			.orElseThrow(() -> new CertificateRejectedException("bad_certificate", "subject has no CN"));
		String subjectKeyId;
		try {
			subjectKeyId = SshPublicKey.md5Fingerprint(certificate.getPublicKey());
		}
		catch (IllegalArgumentException ex) {
			throw new CertificateRejectedException("bad_certificate", ex.getMessage());
		}
		boolean selfSigned = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
		return new ClientCertificate(login, subjectKeyId, hasCmonPurpose(certificate), selfSigned,
				cn(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded())));
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
