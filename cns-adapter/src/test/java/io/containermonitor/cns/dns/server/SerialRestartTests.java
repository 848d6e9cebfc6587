package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.running;
import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.containermonitor.cns.CnsAdapterApplication;
import io.containermonitor.cns.dns.Dig;
import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Vm;

/**
 * Restarts as dig sees them: the last zone is served at its serial until the inventory
 * is listed again; the serial stays when nothing changed and only moves forward.
 */
class SerialRestartTests {

	private static final String ZONE = "us-east-1.cns.example.com";

	@TempDir
	Path dir;

	@Test
	void lastZoneIsServedAcrossRestartsAndTheSerialOnlyMovesForward() throws Exception {
		long first;
		try (ConfigurableApplicationContext adapter = start()) {
			adapter.getBean(Inventory.class).replaceVms(List.of(running(uuid(1))));
			first = awaitSerial(adapter, uuid(1));
		}

		try (ConfigurableApplicationContext adapter = start()) {
			// No listing yet: the saved zone answers.
			Dig dig = Dig.at(adapter.getBean(DnsServer.class).port());
			assertThat(serial(dig)).isEqualTo(first);
			assertThat(dig.run(uuid(1) + ".cmon." + ZONE, "CNAME").answersOfType("CNAME")).hasSize(1);

			adapter.getBean(Inventory.class).replaceVms(List.of(running(uuid(1))));
			Thread.sleep(300);
			assertThat(serial(dig)).as("nothing changed: same serial").isEqualTo(first);
		}

		try (ConfigurableApplicationContext adapter = start()) {
			adapter.getBean(Inventory.class).replaceVms(List.<Vm>of(running(uuid(2))));
			long third = awaitSerial(adapter, uuid(2));
			Dig dig = Dig.at(adapter.getBean(DnsServer.class).port());

			assertThat(third).isGreaterThan(first);
			assertThat(dig.run(uuid(1) + ".cmon." + ZONE, "CNAME").status()).isEqualTo("NXDOMAIN");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(CnsAdapterApplication.class).web(WebApplicationType.NONE)
			.run("--cmon.cns.zones=" + ZONE, "--cmon.cns.server.listen-address=127.0.0.1", "--cmon.cns.server.port=0",
					"--cmon.cns.server.commit-window=100ms",
					"--cmon.cns.server.serial-file=" + dir.resolve("serials.properties"));
	}

	private static long awaitSerial(ConfigurableApplicationContext adapter, UUID present) throws Exception {
		Dig dig = Dig.at(adapter.getBean(DnsServer.class).port());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !dig.run(present + ".cmon." + ZONE, "CNAME").answersOfType("CNAME").isEmpty());
		return serial(dig);
	}

	private static long serial(Dig dig) throws Exception {
		return Long.parseLong(dig.run(ZONE, "SOA").answersOfType("SOA").get(0)[4].split(" ")[2]);
	}

}
