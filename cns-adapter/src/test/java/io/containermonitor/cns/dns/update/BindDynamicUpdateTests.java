package io.containermonitor.cns.dns.update;

import static io.containermonitor.cns.TestVms.running;
import static io.containermonitor.cns.TestVms.server;
import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.containermonitor.cns.CnsAdapterApplication;
import io.containermonitor.cns.CnsHealthIndicator;
import io.containermonitor.cns.dns.BindProcess;
import io.containermonitor.cns.dns.Dig;
import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.inventory.Inventory;

/**
 * A real BIND 9 as the primary, updated by the adapter with RFC 2136 UPDATEs signed
 * with TSIG (hmac-sha256); read back with a TSIG-signed AXFR, as BIND allows
 * transfers to the key only.
 */
class BindDynamicUpdateTests {

	private static final String ZONE = "us-east-1.cns.example.com";

	private static final String KEY = "cmon-key";

	private static final String SECRET = randomSecret();

	/** A name left from before: its VM was destroyed while no adapter ran. */
	private static final UUID STALE = uuid(7);

	@TempDir
	static Path dir;

	private static BindProcess bind;

	@BeforeAll
	static void startBind() throws Exception {
		Files.writeString(dir.resolve("primary.db"), """
				$ORIGIN %s.
				$TTL 300
				@ IN SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 30
				@ IN NS ns1.example.com.
				www IN A 192.0.2.80
				%s.cmon 30 IN CNAME cmon
				""".formatted(ZONE, STALE));
		bind = BindProcess.start(dir, BindProcess.freePort(), """
				key "%1$s" { algorithm hmac-sha256; secret "%2$s"; };
				zone "%3$s" {
				  type primary;
				  file "primary.db";
				  update-policy { grant %1$s zonesub ANY; };
				  allow-transfer { key %1$s; };
				};
				""".formatted(KEY, SECRET, ZONE));
		bind.awaitServing(ZONE, Duration.ofSeconds(10));
	}

	@AfterAll
	static void stopBind() throws Exception {
		if (bind != null) {
			bind.close();
		}
	}

	@Test
	void bindHoldsExactlyTheExpectedNamesAndARestartRemovesVmsDestroyedMeanwhile() throws Exception {
		try (FakeTriton triton = FakeTriton.start()) {
			triton.putServer(server(uuid(9)));
			triton.putVm(running(uuid(1)));
			triton.putVm(running(uuid(2)));
			triton.putVm(running(uuid(3)));

			try (ConfigurableApplicationContext adapter = startAdapter(SECRET, triton.baseUrl().toString())) {
				awaitNamesAtBind(Set.of(uuid(1), uuid(2), uuid(3), uuid(9)));
				Dig.Result axfr = axfr();
				assertThat(axfr.transfer()).filteredOn(r -> r[3].equals("CNAME"))
					.allSatisfy(r -> assertThat(r[1] + " " + r[4]).isEqualTo("30 cmon." + ZONE + "."));
				assertThat(axfr.transfer()).filteredOn(r -> r[0].equals("cmon." + ZONE + "."))
					.extracting(r -> r[3] + " " + r[4])
					.containsExactly("A 192.0.2.10");
				assertThat(axfr.transfer()).filteredOn(r -> r[0].equals("www." + ZONE + ".")).hasSize(1);
				assertThat(Dig.at(bind.port()).run(uuid(1) + ".cmon." + ZONE, "A").answers())
					.extracting(r -> r[3] + " " + r[4])
					.containsExactly("CNAME cmon." + ZONE + ".", "A 192.0.2.10");
			}

			// VMs 2 and 3 are destroyed while no adapter runs: nobody hears of it.
			triton.destroyVmSilently(uuid(2));
			triton.destroyVmSilently(uuid(3));

			try (ConfigurableApplicationContext adapter = startAdapter(SECRET, triton.baseUrl().toString())) {
				awaitNamesAtBind(Set.of(uuid(1), uuid(9)));
				assertThat(adapter.getBean(MeterRegistry.class).get("cmon.cns.updates.sent").counter().count())
					.isGreaterThanOrEqualTo(1);
				assertThat(adapter.getBean(DynamicUpdater.class).zones()).singleElement().satisfies(zone -> {
					assertThat(zone.records()).isEqualTo(2);
					assertThat(zone.serial()).isGreaterThan(1);
					assertThat(zone.lastError()).isNull();
				});
			}
		}
	}

	@Test
	void updatesSignedWithAWrongKeyFailAndChangeNothing() throws Exception {
		Set<String> before = cmonNamesAtBind();
		try (ConfigurableApplicationContext adapter = startAdapter(randomSecret(), null)) {
			adapter.getBean(Inventory.class).replaceVms(List.of(running(uuid(5))));
			MeterRegistry meters = adapter.getBean(MeterRegistry.class);

			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.get("cmon.cns.updates.failed").counter().count() >= 2);

			assertThat(meters.get("cmon.cns.updates.sent").counter().count()).isZero();
			assertThat(adapter.getBean(DynamicUpdater.class).zones()).singleElement()
				.satisfies(zone -> assertThat(zone.lastError()).isNotNull());
			assertThat(adapter.getBean(CnsHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
		}
		assertThat(cmonNamesAtBind()).isEqualTo(before);
	}

	@Test
	void updatesAreRetriedWithBackoffUntilThePrimaryComesUp(@TempDir Path otherDir) throws Exception {
		int port = BindProcess.freePort();
		try (ConfigurableApplicationContext adapter = startAdapter(SECRET, null, port)) {
			adapter.getBean(Inventory.class).replaceVms(List.of(running(uuid(11)), running(uuid(12))));
			MeterRegistry meters = adapter.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> meters.get("cmon.cns.updates.failed").counter().count() >= 2);

			Files.writeString(otherDir.resolve("primary.db"), """
					$ORIGIN %s.
					@ 300 IN SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 30
					@ 300 IN NS ns1.example.com.
					""".formatted(ZONE));
			try (BindProcess late = BindProcess.start(otherDir, port, """
					key "%1$s" { algorithm hmac-sha256; secret "%2$s"; };
					zone "%3$s" { type primary; file "primary.db";
					  update-policy { grant %1$s zonesub ANY; }; allow-transfer { key %1$s; }; };
					""".formatted(KEY, SECRET, ZONE))) {
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(Dig.at(port).run(uuid(12) + ".cmon." + ZONE, "CNAME").answers())
						.as("%s", late.log())
						.extracting(r -> r[4])
						.containsExactly("cmon." + ZONE + "."));
				assertThat(adapter.getBean(DynamicUpdater.class).zones()).singleElement()
					.satisfies(zone -> assertThat(zone.lastError()).isNull());
			}
		}
	}

	/** The adapter in mode update, following the fake VMAPI at {@code vmapiUrl}, or its own inventory if null. */
	private static ConfigurableApplicationContext startAdapter(String secret, String vmapiUrl) {
		return startAdapter(secret, vmapiUrl, bind.port());
	}

	private static ConfigurableApplicationContext startAdapter(String secret, String vmapiUrl, int primaryPort) {
		List<String> args = new ArrayList<>(List.of("--cmon.cns.zones=" + ZONE,
				"--cmon.cns.proxy-addresses=192.0.2.10", "--cmon.cns.mode=update",
				"--cmon.cns.update.primary=127.0.0.1", "--cmon.cns.update.port=" + primaryPort,
				"--cmon.cns.update.tsig.key-name=" + KEY, "--cmon.cns.update.tsig.secret=" + secret,
				"--cmon.cns.update.interval=100ms", "--cmon.cns.update.retry-backoff=200ms",
				"--cmon.cns.update.max-backoff=1s", "--cmon.cns.update.batch-size=2",
				"--cmon.cns.update.timeout=2s"));
		if (vmapiUrl != null) {
			args.add("--cmon.triton.vmapi-url=" + vmapiUrl);
			args.add("--cmon.triton.cnapi-url=" + vmapiUrl);
		}
		return new SpringApplicationBuilder(CnsAdapterApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	private static void awaitNamesAtBind(Set<UUID> expected) {
		Set<String> names = expected.stream().map(UUID::toString).collect(Collectors.toSet());
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(cmonNamesAtBind()).as("BIND log:%n%s", bind.log()).isEqualTo(names));
	}

	private static Set<String> cmonNamesAtBind() throws Exception {
		return axfr().transfer()
			.stream()
			.filter(r -> r[3].equals("CNAME"))
			.map(r -> r[0].substring(0, r[0].indexOf('.')))
			.collect(Collectors.toSet());
	}

	private static Dig.Result axfr() throws Exception {
		Dig.Result axfr = Dig.at(bind.port()).with("-y", "hmac-sha256:" + KEY + ":" + SECRET).run(ZONE, "AXFR");
		assertThat(axfr.output()).as(axfr.toString()).doesNotContain("Transfer failed");
		return axfr;
	}

	private static String randomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return Base64.getEncoder().encodeToString(secret);
	}

}
