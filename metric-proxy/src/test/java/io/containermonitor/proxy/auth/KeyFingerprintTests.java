package io.containermonitor.proxy.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer CN forms sshpk's parseFingerprint accepts for MD5, and those CMON refuses. */
class KeyFingerprintTests {

	private static final String HEX = "5d:8f:0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7";

	@Test
	void md5Base64AndColonHexNameTheSameKey() {
		String base64 = KeyFingerprint.toMd5Base64(HEX);
		assertThat(base64).startsWith("MD5:").doesNotEndWith("=");
		assertThat(KeyFingerprint.parseMd5(base64)).contains(HEX);
		assertThat(KeyFingerprint.parseMd5("md5:" + base64.substring(4))).contains(HEX);
		assertThat(KeyFingerprint.parseMd5(HEX)).contains(HEX);
		assertThat(KeyFingerprint.parseMd5(HEX.toUpperCase())).contains(HEX);
		assertThat(KeyFingerprint.parseMd5("MD5:" + HEX)).contains(HEX);
	}

	@Test
	void otherAlgorithmsAndGarbageAreRefused() {
		assertThat(KeyFingerprint.parseMd5("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")).isEmpty();
		assertThat(KeyFingerprint.parseMd5("alice")).isEmpty();
		assertThat(KeyFingerprint.parseMd5("MD5:dG9vIHNob3J0")).isEmpty();
		assertThat(KeyFingerprint.parseMd5("5d:8f:0a")).isEmpty();
		assertThat(KeyFingerprint.parseMd5(null)).isEmpty();
	}

}
