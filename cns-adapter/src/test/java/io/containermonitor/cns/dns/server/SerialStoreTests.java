package io.containermonitor.cns.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialStoreTests {

	private static final String ZONE = "us-east-1.cns.example.com.";

	@TempDir
	Path dir;

	@Test
	void ticksMatchCnsCurrentSerial() {
		// cns: test/unit/utils.test.js
		assertThat(SerialStore.ticks(ZonedDateTime.parse("2015-10-01T03:24:00Z"))).isEqualTo(372030984L);
	}

	@Test
	void serialFollowsTheClockAndStillMovesForwardWithinOneTick() {
		SerialStore store = new SerialStore(dir.resolve("serials"), at("2026-11-25T12:00:00Z"));
		long first = store.next(ZONE);
		long second = store.next(ZONE);

		assertThat(first).isEqualTo(SerialStore.ticks(ZonedDateTime.parse("2026-11-25T12:00:00Z")));
		assertThat(second).isEqualTo(first + 1);
	}

	@Test
	void serialPersistsAcrossRestartsAndNeverGoesBackWhenTheClockDoes() {
		Path file = dir.resolve("sub/serials.properties");
		long before = new SerialStore(file, at("2026-11-25T12:00:00Z")).next(ZONE);

		SerialStore restarted = new SerialStore(file, at("2020-01-01T00:00:00Z"));

		assertThat(restarted.last(ZONE)).isEqualTo(before);
		assertThat(restarted.next(ZONE)).isEqualTo(before + 1);
		assertThat(restarted.last("other.example.com.")).isEqualTo(-1);
	}

	private static Clock at(String instant) {
		return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
	}

}
