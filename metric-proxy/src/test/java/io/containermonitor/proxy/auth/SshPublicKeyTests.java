package io.containermonitor.proxy.auth;

import java.util.stream.Stream;

import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.SshKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** OpenSSH public keys and their MD5 fingerprints, checked against ssh-keygen itself. */
class SshPublicKeyTests {

	static Stream<SshKeyPair> keys() {
		ProxyFixture f = ProxyFixture.get();
		return Stream.of(f.aliceRsa, f.aliceEcdsa, f.aliceEd25519);
	}

	@ParameterizedTest
	@MethodSource("keys")
	void md5FingerprintIsTheOneSshKeygenPrints(SshKeyPair pair) {
		SshPublicKey key = SshPublicKey.parse(pair.publicKeyLine());
		assertThat(key.md5Fingerprint()).isEqualTo(pair.sshKeygenMd5());
		assertThat(SshPublicKey.md5Fingerprint(key.publicKey())).isEqualTo(pair.sshKeygenMd5());
	}

	@ParameterizedTest
	@MethodSource("keys")
	void keyTypeComesFromTheLine(SshKeyPair pair) {
		assertThat(SshPublicKey.parse(pair.publicKeyLine()).type()).isEqualTo(pair.publicKeyLine().split(" ")[0]);
	}

	@Test
	void badLinesAreRefusedWithAReason() {
		String ed25519 = ProxyFixture.get().aliceEd25519.publicKeyLine();
		assertThatIllegalArgumentException().isThrownBy(() -> SshPublicKey.parse("")).withMessageContaining("empty");
		assertThatIllegalArgumentException().isThrownBy(() -> SshPublicKey.parse("ssh-ed25519"))
			.withMessageContaining("not an OpenSSH public key line");
		assertThatIllegalArgumentException().isThrownBy(() -> SshPublicKey.parse("ssh-ed25519 %%%notbase64"))
			.withMessageContaining("base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SshPublicKey.parse(ed25519.replace("ssh-ed25519", "ssh-rsa")))
			.withMessageContaining("says 'ssh-rsa' but its encoding is 'ssh-ed25519'");
		assertThatIllegalArgumentException().isThrownBy(() -> SshPublicKey.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"))
			.withMessageContaining("malformed");
	}

}
