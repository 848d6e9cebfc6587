package io.containermonitor.forwarder.standin;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for one test run: a CA, the CMON server certificate for
 * {@code cmon.<suffix>} and {@code *.cmon.<suffix>}, and a tenant's client
 * certificate ({@code CN=<account>}), all ECDSA P-256 as {@code triton profile cmon-certgen} makes.
 */
public final class TestCertificates {

	private final KeyPair caKey;

	private final X509Certificate ca;

	private final KeyPair serverKey;

	private final X509Certificate server;

	private final KeyPair clientKey;

	private final X509Certificate client;

	public TestCertificates(String dnsSuffix, String account) {
		try {
			caKey = ecKey();
			ca = sign(new X500Name("CN=Test CMON CA"), caKey, new X500Name("CN=Test CMON CA"), caKey, true, null, null);
			serverKey = ecKey();
			server = sign(new X500Name("CN=" + dnsSuffix), serverKey, new X500Name("CN=Test CMON CA"), caKey, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, dnsSuffix),
							new GeneralName(GeneralName.dNSName, "*." + dnsSuffix) }),
					KeyPurposeId.id_kp_serverAuth);
			clientKey = ecKey();
			client = sign(new X500Name("CN=" + account), clientKey, new X500Name("CN=Test CMON CA"), caKey, false, null,
					KeyPurposeId.id_kp_clientAuth);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot generate test certificates", ex);
		}
	}

	private static KeyPair ecKey() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
			boolean isCa, GeneralNames names, KeyPurposeId purpose) throws Exception {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(2))), subject, subjectKey.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
		if (names != null) {
			builder.addExtension(Extension.subjectAlternativeName, false, names);
		}
		if (purpose != null) {
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
		}
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	/** The server side: its certificate and key, trusting the CA for client certificates. */
	public SSLContext serverContext() {
		try {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("server", serverKey.getPrivate(), new char[0], new X509Certificate[] { server, ca });
			KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			kmf.init(keys, new char[0]);
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", ca);
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes the tenant's PEM files, as the forwarder's SSL bundle reads them. */
	public TenantFiles writeTenantFiles(Path dir) throws IOException {
		TenantFiles files = new TenantFiles(dir.resolve("cmon-cert.pem"), dir.resolve("cmon-key.pem"),
				dir.resolve("ca.pem"));
		Files.writeString(files.certificate(), pem(client));
		Files.writeString(files.privateKey(), pem(new JcaPKCS8Generator(clientKey.getPrivate(), null).generate()));
		Files.writeString(files.ca(), pem(ca));
		return files;
	}

	private static String pem(Object object) throws IOException {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		return out.toString();
	}

	/** The tenant's certificate, private key and the CA to trust, as PEM files. */
	public record TenantFiles(Path certificate, Path privateKey, Path ca) {
	}

}
