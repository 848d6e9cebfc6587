package io.containermonitor.proxy.auth.mahi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.proxy.auth.AccountKeys;
import io.containermonitor.proxy.auth.ClientCertificateVerifier;
import io.containermonitor.proxy.auth.CertificateRejectedException;
import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.TestMahi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triton mode against an in-test mahi: {@code GET /accounts?login=} and
 * {@code GET /roles?account=&role=administrator} with the shapes of spec §3.3, look-ups cached,
 * and certificates checked against mahi's keys exactly as against the accounts file.
 */
class MahiAccountDirectoryTests {

	private static final String ALICE_UUID = "a11ce000-0000-4000-8000-000000000001";

	private final ProxyFixture fixture = ProxyFixture.get();

	private TestMahi testMahi;

	private AtomicInteger accountLookups;

	private DisposableServer mahi;

	private MahiAccountDirectory directory;

	@BeforeEach
	void startMahi() {
		testMahi = new TestMahi("alice", java.util.UUID.fromString(ALICE_UUID), false, fixture.aliceEcdsa, fixture.daveKey);
		mahi = testMahi.server;
		accountLookups = testMahi.accountLookups;
		directory = new MahiAccountDirectory(WebClient.create(testMahi.url()), Duration.ofSeconds(2),
				Duration.ofMinutes(1), 100);
	}

	@AfterEach
	void stopMahi() {
		mahi.disposeNow();
	}

	@Test
	void accountAndKeysComeFromMahiAndAreCached() {
		AccountKeys alice = directory.findByLogin("alice").block();
		assertThat(alice.account().uuid().toString()).isEqualTo(ALICE_UUID);
		assertThat(alice.account().operator()).isFalse();
		assertThat(alice.keys()).containsOnlyKeys(fixture.aliceEcdsa.md5());
		directory.findByLogin("alice").block();
		assertThat(accountLookups).hasValue(1);
	}

	@Test
	void unknownAccountIsEmptyAndNotCached() {
		StepVerifier.create(directory.findByLogin("mallory")).verifyComplete();
		StepVerifier.create(directory.findByLogin("mallory")).verifyComplete();
		assertThat(accountLookups).hasValue(2);
	}

	@Test
	void certificatesAreCheckedAgainstMahiKeysAndAdministratorMembers() {
		ClientCertificateVerifier verifier = new ClientCertificateVerifier(directory, java.time.Clock.systemUTC());
		assertThat(verifier.authenticate(ClientIdentity.certgen("alice", fixture.aliceEcdsa).certificate()).block().login())
			.isEqualTo("alice");
		assertThat(verifier.authenticate(ClientIdentity.certgen("alice", fixture.daveKey).certificate()).block().login())
			.isEqualTo("alice");
		StepVerifier.create(verifier.authenticate(ClientIdentity.selfSigned("alice", fixture.stranger).certificate()))
			.verifyErrorSatisfies(error -> assertThat(((CertificateRejectedException) error).reason()).isEqualTo("unknown_key"));
	}

	@Test
	void mahiDownIsAnError() {
		mahi.disposeNow();
		StepVerifier.create(directory.findByLogin("alice")).expectError().verify(Duration.ofSeconds(10));
	}

}
