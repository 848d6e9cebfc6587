package io.containermonitor.discovery.web;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA with a server certificate for {@code localhost} and client certificates
 * whose subject CN is an account login (as {@code triton profile cmon-certgen} makes them).
 * ECDSA P-256, as CMON's docs recommend.
 */
final class TestPki {

	private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

	private final KeyPair caKeys;

	private final X509Certificate ca;

	TestPki() throws GeneralSecurityException, OperatorCreationException, IOException {
		caKeys = keyPair();
		X509v3CertificateBuilder builder = builder(new X500Name("CN=Test CMON CA"), new X500Name("CN=Test CMON CA"),
				caKeys);
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
		ca = sign(builder, caKeys.getPrivate());
	}

	X509Certificate ca() {
		return ca;
	}

	Issued server() throws Exception {
		KeyPair keys = keyPair();
		X509v3CertificateBuilder builder = builder(new X500Name("CN=Test CMON CA"), new X500Name("CN=localhost"),
				keys);
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
						new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		return new Issued(sign(builder, caKeys.getPrivate()), keys.getPrivate());
	}

	Issued client(String login) throws Exception {
		KeyPair keys = keyPair();
		X509v3CertificateBuilder builder = builder(new X500Name("CN=Test CMON CA"), new X500Name("CN=" + login),
				keys);
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
		return new Issued(sign(builder, caKeys.getPrivate()), keys.getPrivate());
	}

	/** A server-side context presenting {@code server} and trusting client certificates from this CA. */
	SSLContext serverContext(Issued server) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry("server", server.key(), new char[0], new X509Certificate[] { server.certificate(), ca });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, new char[0]);
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("ca", ca);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

	static void writeCertificate(X509Certificate certificate, Path file) throws Exception {
		writePem("CERTIFICATE", certificate.getEncoded(), file);
	}

	static void writeKey(PrivateKey key, Path file) throws IOException {
		writePem("PRIVATE KEY", key.getEncoded(), file);
	}

	private static void writePem(String type, byte[] der, Path file) throws IOException {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
		Instant now = Instant.now();
		return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
				keys.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
			throws OperatorCreationException, GeneralSecurityException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
	}

	record Issued(X509Certificate certificate, PrivateKey key) {
	}

}
