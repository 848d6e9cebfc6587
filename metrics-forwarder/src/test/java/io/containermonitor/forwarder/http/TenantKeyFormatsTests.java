package io.containermonitor.forwarder.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.pem.PemContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarder reads the tenant's key through a Spring SSL bundle. {@code triton
 * profile cmon-certgen} writes an ECDSA key as SEC1 ({@code BEGIN EC PRIVATE KEY},
 * curve and public key included), as {@code openssl ecparam -genkey} does; other
 * tools write PKCS#8. Both must load as the very key that signs.
 */
class TenantKeyFormatsTests {

	@TempDir
	Path dir;

	@Test
	void sec1EcKeyAsOpensslWritesItLoadsAsTheSigningKey() throws Exception {
		Path key = dir.resolve("key.pem");
		openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString());
		assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertSigns(key);
	}

	@Test
	void pkcs8EcKeyLoadsAsTheSigningKey() throws Exception {
		Path sec1 = dir.resolve("sec1.pem");
		Path key = dir.resolve("key.pem");
		openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", sec1.toString());
		openssl("pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", key.toString());
		assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertSigns(key);
	}

	private void assertSigns(Path keyFile) throws Exception {
		Path publicFile = dir.resolve("public.pem");
		openssl("ec", "-in", keyFile.toString(), "-pubout", "-out", publicFile.toString());
		PrivateKey key = PemContent.load(keyFile).getPrivateKey();
		PublicKey expected = KeyFactory.getInstance("EC")
			.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
				.decode(Files.readString(publicFile).replaceAll("-----[A-Z ]+-----", ""))));
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(expected);
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();
	}

	private void openssl(String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
	}

}
