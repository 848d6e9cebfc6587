package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

import io.containermonitor.cns.names.CmonZone;

/** Commits of the changed names alone: the zone, the journal (IXFR) and the saved file agree with a full commit. */
class AuthoritativeZoneTests {

	private final CmonZone zone = CmonZone.of("us-east-1.cns.example.com");

	@TempDir
	Path dir;

	private SerialStore serials;

	private ZoneTemplate template;

	@BeforeEach
	void setUp() throws Exception {
		serials = new SerialStore(dir.resolve("serials"), Clock.systemUTC());
		template = new ZoneTemplate(zone, Name.fromString("ns1.example.com."), Name.fromString("hostmaster.example.com."),
				30, List.of(InetAddress.getByName("192.0.2.10")));
	}

	@Test
	void onlyTheChangedNamesAreLookedAtAndTheJournalHoldsExactlyTheirDelta() {
		AuthoritativeZone served = new AuthoritativeZone(template, 10, names());
		long first = served.commit(Set.of(uuid(1), uuid(2), uuid(3)), serials).orElseThrow().serial();
		Set<java.util.UUID> wanted = Set.of(uuid(1), uuid(3), uuid(4), uuid(9));

		// uuid(9) is wanted but not among the changes: an incremental commit leaves it alone.
		ZoneSnapshot second = served.commitChanges(Set.of(uuid(2), uuid(3), uuid(4)), wanted::contains, serials)
			.orElseThrow();

		assertThat(second.serial()).isGreaterThan(first);
		assertThat(second.names().stream()).containsExactlyInAnyOrder(uuid(1), uuid(3), uuid(4));
		assertThat(served.deltasSince(first, second.serial())).hasValueSatisfying(deltas -> {
			assertThat(deltas).hasSize(1);
			assertThat(deltas.get(0).removed()).containsExactly(uuid(2));
			assertThat(deltas.get(0).added()).containsExactly(uuid(4));
		});
	}

	@Test
	void changesThatChangeNothingMakeNoSerial() {
		AuthoritativeZone served = new AuthoritativeZone(template, 10, null);
		long first = served.commit(Set.of(uuid(1)), serials).orElseThrow().serial();

		assertThat(served.commitChanges(Set.of(uuid(1), uuid(2)), Set.of(uuid(1))::contains, serials)).isEmpty();
		assertThat(served.current().orElseThrow().serial()).isEqualTo(first);
	}

	@Test
	void aRestartServesTheLastIncrementalCommit() {
		AuthoritativeZone served = new AuthoritativeZone(template, 10, names());
		served.commit(Set.of(uuid(1), uuid(2)), serials);
		served.commitChanges(Set.of(uuid(1), uuid(5)), Set.of(uuid(2), uuid(5))::contains, serials);
		long last = served.commitChanges(Set.of(uuid(6)), Set.of(uuid(2), uuid(5), uuid(6))::contains, serials)
			.orElseThrow()
			.serial();

		ZoneSnapshot restored = new AuthoritativeZone(template, 10, names()).current().orElseThrow();

		assertThat(restored.serial()).isEqualTo(last);
		assertThat(restored.names().stream()).containsExactlyInAnyOrder(uuid(2), uuid(5), uuid(6));
	}

	@Test
	void changesNeedAFirstCommit() {
		AuthoritativeZone served = new AuthoritativeZone(template, 10, null);

		assertThatThrownBy(() -> served.commitChanges(Set.of(uuid(1)), u -> true, serials))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(zone.toString());
	}

	private ZoneNamesFile names() {
		return new ZoneNamesFile(dir.resolve("serials"), zone.origin().toString());
	}

}
