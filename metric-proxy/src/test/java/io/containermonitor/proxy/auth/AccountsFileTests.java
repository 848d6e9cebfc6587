package io.containermonitor.proxy.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import io.containermonitor.proxy.test.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Standalone accounts: what loads, what is refused with file, entry and reason, and reload. */
class AccountsFileTests {

	@TempDir
	Path dir;

	private final String key = ProxyFixture.get().aliceEd25519.publicKeyLine();

	private final String otherKey = ProxyFixture.get().bobKey.publicKeyLine();

	private Path write(String content) throws IOException {
		Path file = dir.resolve("accounts.yml");
		Files.writeString(file, content);
		return file;
	}

	@Test
	void yamlLoadsAccountsKeysAndAdministratorMembers() throws IOException {
		Path file = write("""
				- login: alice
				  uuid: 9F2D4A6E-0A43-4C1E-9D59-2F5A0F1A7C11
				  keys: ["%s"]
				  members: [bob]
				- login: bob
				  uuid: 1b2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11
				  operator: true
				  keys: ["%s"]
				""".formatted(key, otherKey));
		try (AccountsFile accounts = new AccountsFile(file, Duration.ZERO)) {
			AccountKeys alice = accounts.findByLogin("alice").block();
			assertThat(alice.account().uuid().toString()).isEqualTo("9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11");
			assertThat(alice.account().operator()).isFalse();
			assertThat(alice.keys()).containsOnlyKeys(ProxyFixture.get().aliceEd25519.md5());
			assertThat(accounts.administratorKeys("alice").block()).containsOnlyKeys(ProxyFixture.get().bobKey.md5());
			assertThat(accounts.findByLogin("bob").block().account().operator()).isTrue();
			assertThat(accounts.findByLogin("carol").blockOptional()).isEmpty();
		}
	}

	@Test
	void jsonLoadsToo() throws IOException {
		Path file = write("""
				{"accounts": [{"login": "alice", "uuid": "9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11", "operator": false,
				  "keys": ["%s"]}]}
				""".formatted(key));
		try (AccountsFile accounts = new AccountsFile(file, Duration.ZERO)) {
			assertThat(accounts.size()).isEqualTo(1);
		}
	}

	@Test
	void problemsNameTheFileTheEntryAndTheReason() throws IOException {
		assertRefused("- login: alice\n  uuid: nope\n", "entry 1 (alice): 'uuid' is missing or not a UUID");
		assertRefused("- uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11\n", "entry 1: 'login' is missing");
		assertRefused("- login: alice\n  uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11\n  keys: [\"ssh-rsa AAAA\"]\n",
				"entry 1 (alice), key 1:");
		assertRefused("- login: alice\n  uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11\n  operator: yes please\n",
				"'operator' must be true or false");
		assertRefused("""
				- login: alice
				  uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11
				- login: alice
				  uuid: 8f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11
				""", "entry 2 (alice): login appears twice");
		assertRefused("""
				- login: alice
				  uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11
				  members: [ghost]
				""", "member 'ghost' is not in the file");
		assertRefused("login: alice\n", "want a list of accounts");
		assertRefused("- [unclosed\n", "not YAML or JSON");
	}

	private void assertRefused(String content, String message) throws IOException {
		Path file = write(content);
		assertThatThrownBy(() -> new AccountsFile(file, Duration.ZERO)).isInstanceOf(AccountsFileException.class)
			.hasMessageContaining("accounts file " + file)
			.hasMessageContaining(message);
	}

	@Test
	void changedFileIsReloadedAndABrokenOneIgnored() throws IOException {
		Path file = write("- login: alice\n  uuid: 9f2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11\n  keys: [\"" + key + "\"]\n");
		try (AccountsFile accounts = new AccountsFile(file, Duration.ZERO)) {
			Files.writeString(file, "- login: bob\n  uuid: 1b2d4a6e-0a43-4c1e-9d59-2f5a0f1a7c11\n");
			Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
			accounts.reloadIfChanged();
			assertThat(accounts.findByLogin("alice").blockOptional()).isEmpty();
			assertThat(accounts.findByLogin("bob").blockOptional()).isPresent();
			Files.writeString(file, "- login: [broken\n");
			Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
			accounts.reloadIfChanged();
			assertThat(accounts.findByLogin("bob").blockOptional()).isPresent();
		}
	}

}
