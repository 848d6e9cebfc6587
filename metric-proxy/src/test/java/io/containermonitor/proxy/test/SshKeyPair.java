package io.containermonitor.proxy.test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.containermonitor.proxy.auth.SshPublicKey;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A real SSH key pair made by {@code ssh-keygen}, as a user has in {@code ~/.ssh}: the
 * public key line as ssh-keygen wrote it, and the private key read back from its
 * OpenSSH file, for signing certificates as {@code triton profile cmon-certgen} does.
 *
 * @param type ssh-keygen's {@code -t}: {@code rsa}, {@code ecdsa}, {@code ed25519}
 * @param publicKeyLine the {@code .pub} file's line
 * @param privateKey the private key
 * @param sshKeygenMd5 the fingerprint {@code ssh-keygen -l -E md5} prints, colon-hex
 */
public record SshKeyPair(String type, String publicKeyLine, PrivateKey privateKey, String sshKeygenMd5) {

	public static SshKeyPair generate(Path dir, String type, String comment) {
		try {
			Path file = Files.createTempFile(dir, type + "-", ".key");
			Files.delete(file);
			List<String> command = type.equals("rsa")
					? List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", comment, "-f", file.toString())
					: List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment, "-f", file.toString());
			run(command);
			String line = Files.readString(Path.of(file + ".pub"), StandardCharsets.US_ASCII).trim();
			String fingerprint = run(List.of("ssh-keygen", "-l", "-E", "md5", "-f", file + ".pub")).split("\\s+")[1];
			return new SshKeyPair(type, line, readOpenSshPrivateKey(Files.readString(file)),
					fingerprint.substring("MD5:".length()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public SshPublicKey publicKey() {
		return SshPublicKey.parse(publicKeyLine);
	}

	public String md5() {
		return publicKey().md5Fingerprint();
	}

	/** The JCA signature algorithm an SSH agent would sign an X.509 certificate with for this key. */
	public String signatureAlgorithm() {
		return switch (privateKey.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC", "ECDSA" -> "SHA256withECDSA";
			default -> "Ed25519";
		};
	}

	private static PrivateKey readOpenSshPrivateKey(String pem) throws IOException {
		try (PemReader reader = new PemReader(new StringReader(pem))) {
			AsymmetricKeyParameter parameters = OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(reader.readPemObject().getContent());
			String algorithm = parameters instanceof Ed25519PrivateKeyParameters ? "Ed25519"
					: parameters instanceof ECPrivateKeyParameters ? "EC" : "RSA";
			byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(parameters).getEncoded();
			return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IOException(ex);
		}
	}

	private static String run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException(command + " failed: " + new String(process.getInputStream().readAllBytes()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
	}

}
