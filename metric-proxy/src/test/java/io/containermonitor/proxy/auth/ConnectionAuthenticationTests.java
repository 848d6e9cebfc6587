package io.containermonitor.proxy.auth;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrapes authenticate once per TLS connection ({@link ConnectionAuthenticator}): what is kept
 * belongs to that connection only, and a change of the accounts reaches connections already open.
 */
class ConnectionAuthenticationTests extends ProxyIntegrationTest {

	@Autowired
	private AccountDirectory directory;

	@Test
	void everyConnectionKeepsItsOwnAccount() {
		ClientIdentity alice = ClientIdentity.certgen("alice", fixture.aliceEcdsa);
		ClientIdentity bob = ClientIdentity.certgen("bob", fixture.bobKey);
		String aliceVm = ProxyFixture.hostOf(fixture.aliceVm);
		String bobVm = ProxyFixture.hostOf(fixture.bobVm);
		// Interleaved and concurrent, over HTTP/1.1 keep-alive connections and HTTP/2 streams.
		List<int[]> answers = Flux.range(0, 40).flatMap(i -> {
			boolean http2 = i % 4 >= 2;
			ClientIdentity who = i % 2 == 0 ? alice : bob;
			String own = who == alice ? aliceVm : bobVm;
			String other = who == alice ? bobVm : aliceVm;
			return client.getAsync(who, own, "/metrics", Map.of(), http2)
				.zipWith(client.getAsync(who, other, "/metrics", Map.of(), http2),
						(ownAnswer, otherAnswer) -> new int[] { ownAnswer.status(), otherAnswer.status() });
		}, 8).collectList().block(Duration.ofSeconds(60));
		assertThat(answers).hasSize(40).allSatisfy(pair -> assertThat(pair).containsExactly(200, 404));
	}

	@Test
	void keyRemovedFromTheAccountsFileIsRefusedOnTheConnectionAlreadyOpen() throws Exception {
		ClientIdentity kim = ClientIdentity.certgen("kim", fixture.kimKey);
		String host = ProxyFixture.hostOf(fixture.kimVm);
		assertThat(client.get(kim, host, "/metrics").status()).isEqualTo(200);
		long connections = client.connectionsOpened();
		try {
			rewriteAccounts(false);
			Response refused = client.get(kim, host, "/metrics");
			assertThat(refused.status()).isEqualTo(401);
		}
		finally {
			rewriteAccounts(true);
		}
		assertThat(client.get(kim, host, "/metrics").status()).isEqualTo(200);
		assertThat(client.connectionsOpened()).as("all on the connection opened first").isEqualTo(connections);
	}

	private void rewriteAccounts(boolean withKimsKey) throws Exception {
		fixture.writeAccounts(withKimsKey);
		// A modification time surely unlike the last one, whatever the file system's resolution.
		Files.setLastModifiedTime(fixture.accountsFile, FileTime.from(Instant.now().plusSeconds(withKimsKey ? 20 : 10)));
		((AccountsFile) directory).reloadIfChanged();
	}

}
