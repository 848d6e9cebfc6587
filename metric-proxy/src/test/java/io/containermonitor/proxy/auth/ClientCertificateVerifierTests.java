package io.containermonitor.proxy.auth;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyFixture;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link ClientCertificateVerifier} remembers of a certificate between scrapes must not
 * outlive what can change: the time, and the keys on the account.
 */
class ClientCertificateVerifierTests {

	private final ProxyFixture fixture = ProxyFixture.get();

	private final Account alice = new Account(UUID.randomUUID(), "alice", false);

	private final AtomicReference<Map<String, SshPublicKey>> aliceKeys = new AtomicReference<>(
			Map.of(fixture.aliceEcdsa.md5(), fixture.aliceEcdsa.publicKey()));

	private final AccountDirectory directory = new AccountDirectory() {
		@Override
		public Mono<AccountKeys> findByLogin(String login) {
			return login.equals("alice") ? Mono.just(new AccountKeys(alice, aliceKeys.get())) : Mono.empty();
		}

		@Override
		public Mono<Map<String, SshPublicKey>> administratorKeys(String login) {
			return Mono.just(Map.of());
		}

		@Override
		public long version() {
			return 0;
		}
	};

	private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final AtomicReference<Instant> now = new AtomicReference<>(start);

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return now.get();
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	};

	private final ClientCertificateVerifier verifier = new ClientCertificateVerifier(directory, clock);

	@Test
	void aCertificateAcceptedBeforeIsRejectedOnceItHasExpired() {
		X509Certificate certificate = ClientIdentity
			.certgen("alice", fixture.aliceEcdsa, start.minus(1, ChronoUnit.HOURS), start.plus(1, ChronoUnit.HOURS))
			.certificate();
		assertThat(verifier.authenticate(certificate).block()).isEqualTo(alice);
		now.set(start.plus(2, ChronoUnit.HOURS));
		assertThatExceptionOfType(CertificateRejectedException.class)
			.isThrownBy(() -> verifier.authenticate(certificate).block())
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("expired"));
	}

	@Test
	void aCertificateAcceptedBeforeIsRejectedOnceItsKeyIsOffTheAccount() {
		X509Certificate certificate = ClientIdentity.certgen("alice", fixture.aliceEcdsa).certificate();
		assertThat(verifier.authenticate(certificate).block()).isEqualTo(alice);
		aliceKeys.set(Map.of(fixture.aliceRsa.md5(), fixture.aliceRsa.publicKey()));
		assertThatExceptionOfType(CertificateRejectedException.class)
			.isThrownBy(() -> verifier.authenticate(certificate).block())
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("unknown_key"));
	}

	@Test
	void aCertificateSignedByAnotherKeyWithTheSameIssuerNameIsRejectedAfterAGoodOne() {
		X509Certificate good = ClientIdentity.certgen("alice", fixture.aliceEcdsa).certificate();
		assertThat(verifier.authenticate(good).block()).isEqualTo(alice);
		// Claims alice's key as issuer, signed by a stranger's.
		X509Certificate forged = ClientIdentity.certgen("alice", fixture.stranger, fixture.aliceEcdsa.md5(),
				start.minus(1, ChronoUnit.HOURS), start.plus(1, ChronoUnit.HOURS))
			.certificate();
		assertThatExceptionOfType(CertificateRejectedException.class)
			.isThrownBy(() -> verifier.authenticate(forged).block())
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("bad_signature"));
	}

}
