package io.containermonitor.proxy.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * An SSH public key as accounts hold them (mahi's {@code keys}, the accounts file):
 * its OpenSSH wire encoding, which the MD5 fingerprint is taken over, and the
 * same key as a JCA {@link PublicKey} for checking certificate signatures.
 * RSA, ECDSA (nistp256/384/521) and Ed25519.
 *
 * @param type the OpenSSH key type, e.g. {@code ssh-ed25519}
 * @param publicKey the key, for signature checks
 * @param md5Fingerprint colon-hex MD5 of the wire encoding, the key id CMON and mahi use
 */
public record SshPublicKey(String type, PublicKey publicKey, String md5Fingerprint) {

	public SshPublicKey {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(publicKey, "publicKey");
		Objects.requireNonNull(md5Fingerprint, "md5Fingerprint");
	}

	/**
	 * Parses one OpenSSH public key line, {@code <type> <base64> [comment]}.
	 * @throws IllegalArgumentException naming what is wrong with the line
	 */
	public static SshPublicKey parse(String line) {
		if (line == null || line.isBlank()) {
			throw new IllegalArgumentException("empty SSH public key");
		}
		String[] parts = line.trim().split("\\s+");
		if (parts.length < 2) {
			throw new IllegalArgumentException("not an OpenSSH public key line (want '<type> <base64> [comment]')");
		}
		byte[] wire;
		try {
			wire = Base64.getDecoder().decode(parts[1]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("SSH public key is not valid base64: " + ex.getMessage());
		}
		AsymmetricKeyParameter parameters;
		try {
			parameters = OpenSSHPublicKeyUtil.parsePublicKey(wire);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("unsupported or malformed SSH public key of type '" + parts[0] + "': "
					+ ex.getMessage());
		}
		String wireType = wireType(wire);
		if (!wireType.equals(parts[0])) {
			throw new IllegalArgumentException(
					"SSH public key says '" + parts[0] + "' but its encoding is '" + wireType + "'");
		}
		return new SshPublicKey(wireType, toJca(parameters), md5(wire));
	}

	/** The MD5 fingerprint (colon-hex) of a JCA public key, taken over its OpenSSH encoding. */
	public static String md5Fingerprint(PublicKey key) {
		try {
			AsymmetricKeyParameter parameters = PublicKeyFactory.createKey(key.getEncoded());
			return md5(OpenSSHPublicKeyUtil.encodePublicKey(parameters));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("key cannot be expressed as an SSH key (" + key.getAlgorithm() + "): "
					+ ex.getMessage());
		}
	}

	/** Whether {@code key} is this key. */
	public boolean matches(PublicKey key) {
		return java.util.Arrays.equals(publicKey.getEncoded(), key.getEncoded());
	}

	private static PublicKey toJca(AsymmetricKeyParameter parameters) {
		String algorithm;
		if (parameters instanceof RSAKeyParameters) {
			algorithm = "RSA";
		}
		else if (parameters instanceof ECPublicKeyParameters) {
			algorithm = "EC";
		}
		else if (parameters instanceof Ed25519PublicKeyParameters) {
			algorithm = "Ed25519";
		}
		else {
			throw new IllegalArgumentException("unsupported SSH key type " + parameters.getClass().getSimpleName());
		}
		try {
			byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameters).getEncoded();
			return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("cannot convert " + algorithm + " SSH key: " + ex.getMessage());
		}
	}

	private static String wireType(byte[] wire) {
		if (wire.length < 4) {
			throw new IllegalArgumentException("truncated SSH public key");
		}
		int length = ((wire[0] & 0xff) << 24) | ((wire[1] & 0xff) << 16) | ((wire[2] & 0xff) << 8) | (wire[3] & 0xff);
		if (length < 0 || length > wire.length - 4) {
			throw new IllegalArgumentException("truncated SSH public key");
		}
		return new String(wire, 4, length, java.nio.charset.StandardCharsets.US_ASCII);
	}

	static String md5(byte[] bytes) {
		try {
			return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is missing from this JVM", ex);
		}
	}

}
