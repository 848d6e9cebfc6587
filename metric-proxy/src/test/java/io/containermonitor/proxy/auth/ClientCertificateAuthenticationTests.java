package io.containermonitor.proxy.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import io.containermonitor.proxy.test.SshKeyPair;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-certificate authentication over real TLS (spec §3): both certificate styles, from
 * ssh-keygen's RSA, ECDSA and Ed25519 keys, and every way to be refused with the same 401.
 */
class ClientCertificateAuthenticationTests extends ProxyIntegrationTest {

	private static final String UNAUTHORIZED = "{\"code\":\"UnauthorizedError\",\"message\":\"\"}";

	@Autowired
	private MeterRegistry registry;

	static Stream<Arguments> aliceKeys() {
		ProxyFixture f = ProxyFixture.get();
		return Stream.of(Arguments.of("rsa", f.aliceRsa), Arguments.of("ecdsa", f.aliceEcdsa),
				Arguments.of("ed25519", f.aliceEd25519));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("aliceKeys")
	void selfSignedCertificateOfAnAccountKeyAuthenticates(String type, SshKeyPair key) {
		Response response = client.get(ClientIdentity.selfSigned("alice", key), ProxyFixture.hostOf(fixture.aliceVm),
				"/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("aliceKeys")
	void certgenCertificateSignedByAnAccountKeyAuthenticates(String type, SshKeyPair key) {
		Response response = client.get(ClientIdentity.certgen("alice", key), ProxyFixture.hostOf(fixture.aliceVm),
				"/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_user_usage");
	}

	@Test
	void certgenIssuerMayBeColonHex() {
		ClientIdentity identity = ClientIdentity.certgen("alice", fixture.aliceEd25519, fixture.aliceEd25519.md5(),
				Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(1)));
		assertThat(client.get(identity, ProxyFixture.hostOf(fixture.aliceVm), "/metrics").status()).isEqualTo(200);
	}

	@Test
	void expiredCertgenCertificateIs401() {
		double before = failures("expired");
		ClientIdentity expired = ClientIdentity.certgen("alice", fixture.aliceEcdsa,
				Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
		Response response = client.get(expired, ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(UNAUTHORIZED);
		assertThat(failures("expired")).isEqualTo(before + 1);
	}

	@Test
	void expiredOldStyleCertificateStillWorksAsInCmon() throws Exception {
		// Old-style certificates never expire in CMON's eyes (spec §3.2, §9 item 4).
		ClientIdentity fresh = ClientIdentity.selfSigned("alice", fixture.aliceEd25519);
		var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
				new org.bouncycastle.asn1.x500.X500Name("CN=alice"), java.math.BigInteger.TEN,
				java.util.Date.from(Instant.now().minus(Duration.ofDays(30))),
				java.util.Date.from(Instant.now().minus(Duration.ofDays(1))),
				new org.bouncycastle.asn1.x500.X500Name("CN=alice"), fresh.certificate().getPublicKey());
		var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder
			.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("Ed25519").build(fresh.privateKey())));
		Response response = client.get(new ClientIdentity(fresh.privateKey(), certificate),
				ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void certificateSignedByAKeyNotOnTheAccountIs401() {
		Response selfSigned = client.get(ClientIdentity.selfSigned("alice", fixture.stranger),
				ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		Response certgen = client.get(ClientIdentity.certgen("alice", fixture.stranger),
				ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		// Names alice's real key in the issuer, but is signed by the stranger's key.
		ClientIdentity forged = ClientIdentity.certgen("alice", fixture.stranger,
				io.containermonitor.proxy.auth.KeyFingerprint.toMd5Base64(fixture.aliceEd25519.md5()),
				Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(1)));
		Response forgedIssuer = client.get(forged, ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		// Bob's real key, but a certificate claiming to be alice.
		Response otherAccount = client.get(ClientIdentity.certgen("alice", fixture.bobKey),
				ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		for (Response response : new Response[] { selfSigned, certgen, forgedIssuer, otherAccount }) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.body()).isEqualTo(UNAUTHORIZED);
		}
	}

	@Test
	void issuerWithAnotherFingerprintAlgorithmIs401() {
		ClientIdentity sha256 = ClientIdentity.certgen("alice", fixture.aliceEd25519,
				"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", Instant.now().minus(Duration.ofMinutes(1)),
				Instant.now().plus(Duration.ofDays(1)));
		assertThat(client.get(sha256, ProxyFixture.hostOf(fixture.aliceVm), "/metrics").status()).isEqualTo(401);
	}

	@Test
	void unknownLoginIs401() {
		Response response = client.get(ClientIdentity.selfSigned("nobody", fixture.stranger),
				ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		assertThat(response.status()).isEqualTo(401);
	}

	@Test
	void noCertificateIs401WithJsonBody() {
		double before = failures("no_certificate");
		Response scrape = client.get(null, ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
		Response discover = client.get(null, ProxyFixture.SERVICE_HOST, "/v1/discover");
		for (Response response : new Response[] { scrape, discover }) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("Content-Type")).startsWith("application/json");
			assertThat(response.body()).isEqualTo(UNAUTHORIZED);
		}
		assertThat(failures("no_certificate")).isEqualTo(before + 2);
	}

	@Test
	void memberOfTheAdministratorRoleAuthenticatesAsTheAccount() {
		// dave's key, certificate CN = carol (the account), as triton-cmon#27 allows.
		Response response = client.get(ClientIdentity.certgen("carol", fixture.daveKey),
				ProxyFixture.hostOf(fixture.carolVm), "/metrics");
		assertThat(response.status()).isEqualTo(200);
		// dave's own login does not reach carol's VM.
		assertThat(client.get(ClientIdentity.certgen("dave", fixture.daveKey), ProxyFixture.hostOf(fixture.carolVm),
				"/metrics").status()).isEqualTo(404);
	}

	private double failures(String reason) {
		var counter = registry.find("cmon.proxy.auth.failures").tag("reason", reason).counter();
		return counter == null ? 0 : counter.count();
	}

}
