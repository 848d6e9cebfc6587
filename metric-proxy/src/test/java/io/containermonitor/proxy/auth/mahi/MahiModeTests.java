package io.containermonitor.proxy.auth.mahi;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.TestMahi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Triton mode end to end: the whole proxy, accounts and keys from an in-test mahi instead of a file. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MahiModeTests {

	private static final ProxyFixture fixture = ProxyFixture.get();

	private static final TestMahi mahi = new TestMahi("alice", fixture.alice, false, fixture.aliceEd25519,
			fixture.daveKey);

	@LocalServerPort
	private int port;

	@Autowired
	private Inventory inventory;

	private ProxyClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> "0");
		registry.add("management.server.port", () -> "0");
		registry.add("cmon.proxy.datacenter", () -> ProxyFixture.DATACENTER);
		registry.add("cmon.proxy.dns-suffix", () -> ProxyFixture.SUFFIX);
		registry.add("cmon.proxy.mahi.url", mahi::url);
	}

	@AfterAll
	static void stopMahi() {
		mahi.server.disposeNow();
	}

	@BeforeEach
	void fill() {
		fixture.fill(inventory);
		client = new ProxyClient(port);
	}

	@Test
	void accountKeyAndAdministratorMemberKeyFromMahiAuthenticate() {
		String host = ProxyFixture.hostOf(fixture.aliceVm);
		assertThat(client.get(ClientIdentity.certgen("alice", fixture.aliceEd25519), host, "/metrics").status())
			.isEqualTo(200);
		assertThat(client.get(ClientIdentity.selfSigned("alice", fixture.aliceEd25519), host, "/metrics").status())
			.isEqualTo(200);
		assertThat(client.get(ClientIdentity.certgen("alice", fixture.daveKey), host, "/metrics").status())
			.isEqualTo(200);
		assertThat(client.get(ClientIdentity.certgen("alice", fixture.stranger), host, "/metrics").status())
			.isEqualTo(401);
		assertThat(client.get(ClientIdentity.certgen("bob", fixture.bobKey), ProxyFixture.hostOf(fixture.bobVm),
				"/metrics").status()).isEqualTo(401);
		// Looked up once, then served from the cache.
		int lookups = mahi.accountLookups.get();
		client.get(ClientIdentity.certgen("alice", fixture.aliceEd25519), host, "/metrics");
		assertThat(mahi.accountLookups.get()).isEqualTo(lookups);
	}

}
