package io.containermonitor.proxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads a server certificate chain and private key (PKCS#8, PKCS#1 RSA or SEC1 EC) from PEM files. */
public final class PemServerCertificates {

	private PemServerCertificates() {
	}

	public static ServerCertificate load(Path certificateFile, Path privateKeyFile) {
		List<X509Certificate> chain = new ArrayList<>();
		JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
		try (Reader reader = Files.newBufferedReader(certificateFile, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
				if (item instanceof X509CertificateHolder holder) {
					chain.add(certificates.getCertificate(holder));
				}
			}
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalStateException("cannot read certificate " + certificateFile + ": " + ex.getMessage(), ex);
		}
		if (chain.isEmpty()) {
			throw new IllegalStateException("no certificate in " + certificateFile);
		}
		PrivateKey key;
		try (Reader reader = Files.newBufferedReader(privateKeyFile, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			Object item = parser.readObject();
			PrivateKeyInfo info;
			if (item instanceof PEMKeyPair pair) {
				info = pair.getPrivateKeyInfo();
			}
			else if (item instanceof PrivateKeyInfo pkcs8) {
				info = pkcs8;
			}
			else {
				throw new IllegalStateException("no unencrypted private key in " + privateKeyFile);
			}
			key = toJdkKey(info);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot read private key " + privateKeyFile + ": " + ex.getMessage(), ex);
		}
		return new ServerCertificate(key, chain);
	}

	/**
	 * Bouncy Castle reads every PEM key form, SEC1 "EC PRIVATE KEY" with the curve only inside
	 * the key (what {@code openssl ecparam -genkey} writes) included; its PKCS#8 re-encoding names
	 * the curve where the JDK's key factory wants it, so the TLS engine gets a plain JDK key.
	 */
	private static PrivateKey toJdkKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
		PrivateKey bcKey = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider()).getPrivateKey(info);
		String algorithm = bcKey.getAlgorithm().equals("ECDSA") ? "EC" : bcKey.getAlgorithm();
		return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(bcKey.getEncoded()));
	}

}
