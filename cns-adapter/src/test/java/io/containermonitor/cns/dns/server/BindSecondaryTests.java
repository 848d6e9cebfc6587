package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.running;
import static io.containermonitor.cns.TestVms.server;
import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.containermonitor.cns.CnsAdapterApplication;
import io.containermonitor.cns.CnsEndpoint;
import io.containermonitor.cns.dns.BindProcess;
import io.containermonitor.cns.dns.Dig;
import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.vm.VmState;

/**
 * A real BIND 9 as secondary of the adapter's zone, transferring with a TSIG key: it
 * must converge by NOTIFY and IXFR (AXFR first) as VMs are created, stopped and destroyed in the fake VMAPI,
 * which the adapter follows through the shared core's change-feed listener.
 * BIND refreshes on its own at most every 5 minutes, so convergence within seconds
 * means NOTIFY worked.
 */
class BindSecondaryTests {

	private static final String ZONE = "us-east-1.cns.example.com";

	private static final String KEY = "xfer-key";

	private static final String SECRET = "dGhlLXNlY29uZGFyeS10cmFuc2Zlci1rZXktc2VjcmV0";

	private static final Duration CONVERGENCE = Duration.ofSeconds(15);

	@TempDir
	static Path dir;

	private static ConfigurableApplicationContext adapter;

	private static BindProcess bind;

	private static FakeTriton triton;

	@BeforeAll
	static void start() throws Exception {
		int bindPort = BindProcess.freePort();
		triton = FakeTriton.start();
		triton.putVm(running(uuid(1)));
		triton.putVm(running(uuid(2)));
		triton.putVm(running(uuid(3)));
		triton.putServer(server(uuid(9)));
		// VMAPI fails the first requests: the adapter answers SERVFAIL until it has listed the
		// VMs, so BIND's first refresh fails and BIND then waits for its retry timer (minutes).
		// Only NOTIFY, resent until BIND's SOA shows the serial, brings it in within seconds.
		triton.failNextRequests(3, 503);
		adapter = new SpringApplicationBuilder(CnsAdapterApplication.class).web(WebApplicationType.NONE)
			.run("--cmon.cns.zones=" + ZONE, "--cmon.cns.proxy-addresses=192.0.2.10",
					"--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=0",
					"--cmon.cns.server.also-notify=127.0.0.1:" + bindPort, "--cmon.cns.server.commit-window=300ms",
					"--cmon.cns.server.notify-timeout=500ms",
					// Only the key lets BIND transfer: its address is not in allow-transfer.
					"--cmon.cns.server.allow-transfer=192.0.2.0/24", "--cmon.cns.server.transfer-keys[0].key-name=" + KEY,
					"--cmon.cns.server.transfer-keys[0].secret=" + SECRET,
					"--cmon.cns.server.serial-file=" + dir.resolve("adapter-serials.properties"),
					"--cmon.triton.vmapi-url=" + triton.baseUrl(), "--cmon.triton.cnapi-url=" + triton.baseUrl(),
					// The failed first CNAPI listing is retried at the next poll.
					"--cmon.triton.server-poll-interval=1s");
		int adapterPort = adapter.getBean(DnsServer.class).port();
		bind = BindProcess.start(dir, bindPort, """
				key "%s" { algorithm hmac-sha256; secret "%s"; };
				zone "%s" {
				  type secondary;
				  primaries { 127.0.0.1 port %d key "%1$s"; };
				  file "secondary.db";
				  allow-transfer { 127.0.0.1; };
				};
				""".formatted(KEY, SECRET, ZONE, adapterPort));
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (bind != null) {
				bind.close();
			}
		}
		finally {
			if (adapter != null) {
				adapter.close();
			}
			if (triton != null) {
				triton.close();
			}
		}
	}

	@Test
	void secondaryConvergesByNotifyAfterVmsAreCreatedStoppedAndDestroyed() throws Exception {
		awaitAtBind(Set.of(uuid(1), uuid(2), uuid(3), uuid(9)));

		triton.putVm(running(uuid(4)));
		awaitAtBind(Set.of(uuid(1), uuid(2), uuid(3), uuid(4), uuid(9)));

		triton.putVm(running(uuid(1)).withState(VmState.STOPPED));
		triton.destroyVm(uuid(2));
		triton.putVm(running(uuid(3)).withState(VmState.FAILED));
		awaitAtBind(Set.of(uuid(1), uuid(4), uuid(9)));

		assertThat(serialAt(bind.port())).isEqualTo(serialAt(adapter.getBean(DnsServer.class).port()));
		assertThat(bind.log()).contains("TSIG " + KEY).doesNotContainIgnoringCase("tsig verify failure");
		MeterRegistry meters = adapter.getBean(MeterRegistry.class);
		assertThat(meters.get("cmon.cns.dns.transfers").tag("type", "IXFR").counter().count())
			.as("BIND took the later serials by IXFR:%n%s", bind.log())
			.isGreaterThanOrEqualTo(2);
		assertThat(meters.get("cmon.cns.notify.sent").counter().count()).isGreaterThanOrEqualTo(2);
		assertThat(adapter.getBean(CnsEndpoint.class).cns()).containsEntry("inventoryReady", true)
			.hasEntrySatisfying("changeFeed", feed -> assertThat(feed.toString()).contains("connected=true")
				.containsPattern("lastResync=\\d{4}-"));
		assertThat(Dig.at(bind.port()).run(uuid(1) + ".cmon." + ZONE, "A").answers())
			.extracting(r -> r[3] + " " + r[4])
			.containsExactly("CNAME cmon." + ZONE + ".", "A 192.0.2.10");

		// The feed drops, and VM 4 is destroyed meanwhile with no item to tell: the resync on reconnect removes it.
		triton.destroyVmSilently(uuid(4));
		triton.dropConnections();
		awaitAtBind(Set.of(uuid(1), uuid(9)));
	}

	private static void awaitAtBind(Set<UUID> expected) {
		await().atMost(CONVERGENCE)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(cmonNamesAtBind()).as("BIND log:%n%s", bind.log())
				.isEqualTo(expected.stream().map(UUID::toString).collect(Collectors.toSet())));
	}

	private static Set<String> cmonNamesAtBind() throws Exception {
		Dig.Result axfr = Dig.at(bind.port()).run(ZONE, "AXFR");
		return axfr.transfer()
			.stream()
			.filter(r -> r[3].equals("CNAME"))
			.peek(r -> assertThat(r[4]).isEqualTo("cmon." + ZONE + "."))
			.map(r -> r[0].substring(0, r[0].indexOf('.')))
			.collect(Collectors.toSet());
	}

	private static long serialAt(int port) throws Exception {
		return Long.parseLong(Dig.at(port).run(ZONE, "SOA").answersOfType("SOA").get(0)[4].split(" ")[2]);
	}

}
