package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.container.Container;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_B;
import static org.assertj.core.api.Assertions.assertThat;

/** Zones as containers: discovery from kstat or zoneadm, owners from vmadm, vanishing and rebooting zones. */
class ZoneInventoryTests {

	private static final UUID DEFAULT_OWNER = new UUID(0, 0);

	private static final UUID OWNER = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");

	@TempDir
	Path dir;

	private FakeKstat fake;

	private FakeCommands commands;

	private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10), 1 << 20);

	private final CommandOutputFailures failures = new CommandOutputFailures();

	@BeforeEach
	void start() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		commands = new FakeCommands(dir);
	}

	@AfterEach
	void close() {
		fake.close();
		runner.close();
	}

	private ZoneInventory inventory(Map<String, String> extra) {
		Map<String, Object> values = new java.util.HashMap<>(extra);
		values.putIfAbsent("cmon.agent.kstat.commands.vmadm", dir.resolve("vmadm").toString());
		values.putIfAbsent("cmon.agent.kstat.commands.zoneadm", dir.resolve("zoneadm").toString());
		KstatProperties properties = new Binder(new MapConfigurationPropertySource(values))
			.bindOrCreate("cmon.agent.kstat", KstatProperties.class);
		return new ZoneInventory(fake.handle(), new ZoneKstats(), runner, failures, properties, DEFAULT_OWNER,
				Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
	}

	@Test
	void runningZonesFromKstatWithOwnersFromVmadm() throws Exception {
		commands.command("vmadm", ZONE_A + ":" + OWNER + ":joyent:web0\n" + "garbage line\n");
		ZoneInventory inventory = inventory(Map.of());
		List<Integer> changes = new ArrayList<>();
		inventory.addListener(all -> changes.add(all.size()));
		assertThat(inventory.refresh()).isTrue();
		assertThat(inventory.all()).extracting(Container::vmUuid)
			.containsExactlyInAnyOrder(UUID.fromString(ZONE_A), UUID.fromString(ZONE_B));
		Container a = inventory.find(UUID.fromString(ZONE_A)).orElseThrow();
		assertThat(a.alias()).isEqualTo("web0");
		assertThat(a.ownerUuid()).isEqualTo(OWNER);
		assertThat(a.runtime()).isEqualTo("zone");
		assertThat(a.labels()).containsEntry("brand", "joyent");
		assertThat(inventory.find(UUID.fromString(ZONE_B)).orElseThrow().ownerUuid()).isEqualTo(DEFAULT_OWNER);
		assertThat(commands.args("vmadm")).isEqualTo("list\n-p\n-o\nuuid,owner_uuid,brand,alias\n");
		assertThat(failures.counts()).containsEntry("vmadm", 1L);
		assertThat(inventory.refresh()).as("nothing changed").isFalse();
		assertThat(changes).containsExactly(2);
	}

	@Test
	void aZoneThatHaltsIsGoneAfterTheNextRefreshAndNotRunningAtOnce() throws Exception {
		ZoneInventory inventory = inventory(Map.of());
		inventory.refresh();
		Container b = inventory.find(UUID.fromString(ZONE_B)).orElseThrow();
		assertThat(inventory.isRunning(b)).isTrue();
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		fake.chain(101);
		assertThat(inventory.isRunning(b)).isFalse();
		assertThat(inventory.refresh()).isTrue();
		assertThat(inventory.find(UUID.fromString(ZONE_B))).isEmpty();
		assertThat(inventory.all()).hasSize(1);
	}

	@Test
	void aRebootBetweenTheTwoLooksOfAScrapeIsNotRunningOnce() throws Exception {
		ZoneInventory inventory = inventory(Map.of());
		inventory.refresh();
		Container b = inventory.find(UUID.fromString(ZONE_B)).orElseThrow();
		assertThat(inventory.isRunning(b)).as("before collecting").isTrue();
		fake.write(fake.text()
			.replace("kstat zones 7 ", "kstat zones 9 ")
			.replace("kstat tcp 7 ", "kstat tcp 9 ")
			.replace("chain 100", "chain 101"));
		assertThat(inventory.isRunning(b)).as("after collecting: the zone id changed").isFalse();
		assertThat(inventory.isRunning(b)).as("the next scrape").isTrue();
	}

	@Test
	void aZoneBootedSinceTheLastRefreshIsFoundAtOnce() throws Exception {
		String text = fake.text();
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		ZoneInventory inventory = inventory(Map.of());
		inventory.refresh();
		assertThat(inventory.all()).hasSize(1);
		assertThat(inventory.find(UUID.fromString(ZONE_B))).isEmpty();
		fake.write(text.replace("chain 100", "chain 101"));
		assertThat(inventory.find(UUID.fromString(ZONE_B))).hasValueSatisfying(
				c -> assertThat(c.vmUuid()).isEqualTo(UUID.fromString(ZONE_B)));
		assertThat(inventory.all()).hasSize(2);
		assertThat(inventory.find(UUID.fromString("b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a0000"))).isEmpty();
	}

	@Test
	void aRebootSeenByARefreshDoesNotRefuseTheNextScrape() throws Exception {
		ZoneInventory inventory = inventory(Map.of());
		inventory.refresh();
		Container b = inventory.find(UUID.fromString(ZONE_B)).orElseThrow();
		fake.write(fake.text().replace("kstat zones 7 ", "kstat zones 9 ").replace("chain 100", "chain 101"));
		inventory.refresh();
		assertThat(inventory.isRunning(b)).isTrue();
	}

	@Test
	void zonesFromZoneadm() throws Exception {
		commands.command("zoneadm", "0:global:running:/::liveimg:shared:0\n" + "5:" + ZONE_A + ":running:/zones/"
				+ ZONE_A + ":" + ZONE_A + ":joyent:excl:5\n" + "-:" + ZONE_B + ":installed:/zones/" + ZONE_B + ":"
				+ ZONE_B + ":lx:excl:0\n");
		ZoneInventory inventory = inventory(Map.of("cmon.agent.kstat.zone-source", "zoneadm"));
		inventory.refresh();
		assertThat(inventory.all()).extracting(Container::vmUuid).containsExactly(UUID.fromString(ZONE_A));
		assertThat(commands.args("zoneadm")).isEqualTo("list\n-p\n");
	}

	@Test
	void aFailingZoneListKeepsTheLastOne() throws Exception {
		commands.command("zoneadm", "", 1);
		ZoneInventory inventory = inventory(Map.of("cmon.agent.kstat.zone-source", "zoneadm"));
		assertThat(inventory.refresh()).isFalse();
		assertThat(inventory.all()).isEmpty();
	}

	@Test
	void startsAndStopsItsScanner() {
		ZoneInventory inventory = inventory(Map.of("cmon.agent.kstat.discovery-interval", "1h"));
		inventory.start();
		assertThat(inventory.isRunning()).isTrue();
		assertThat(inventory.all()).hasSize(2);
		inventory.stop();
		assertThat(inventory.isRunning()).isFalse();
	}

}
