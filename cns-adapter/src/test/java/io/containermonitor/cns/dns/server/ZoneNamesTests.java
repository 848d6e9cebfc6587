package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ZoneNamesTests {

	@Test
	void changesMakeANewSetAndLeaveTheOldOneAsItWas() {
		ZoneNames before = ZoneNames.of(Set.of(uuid(1), uuid(2), uuid(3)));

		ZoneNames after = before.with(Set.of(uuid(4)), Set.of(uuid(2)));

		assertThat(after.stream()).containsExactlyInAnyOrder(uuid(1), uuid(3), uuid(4));
		assertThat(after.size()).isEqualTo(3);
		assertThat(after.contains(uuid(2))).isFalse();
		assertThat(after.contains(uuid(4))).isTrue();
		assertThat(before.stream()).containsExactlyInAnyOrder(uuid(1), uuid(2), uuid(3));
		assertThat(before.contains(uuid(4))).isFalse();
	}

	@Test
	void aNameRemovedAndAddedAgainIsThereOnce() {
		ZoneNames names = ZoneNames.of(Set.of(uuid(1), uuid(2)))
			.with(Set.of(), Set.of(uuid(1)))
			.with(Set.of(uuid(1), uuid(5)), Set.of())
			.with(Set.of(), Set.of(uuid(5)));

		assertThat(names.stream()).containsExactlyInAnyOrder(uuid(1), uuid(2));
		assertThat(names.size()).isEqualTo(2);
		assertThat(names.overlaySize()).isZero();
	}

	@Test
	void manyChangesAreFoldedIntoANewBaseWithTheSameNames() {
		Set<UUID> all = IntStream.range(0, 1000).mapToObj(n -> uuid(n)).collect(Collectors.toSet());
		ZoneNames names = ZoneNames.of(all);
		Set<UUID> expected = new HashSet<>(all);
		int largest = 0;
		for (int n = 1000; n < 1400; n++) {
			names = names.with(Set.of(uuid(n)), Set.of(uuid(n - 1000)));
			expected.add(uuid(n));
			expected.remove(uuid(n - 1000));
			largest = Math.max(largest, names.overlaySize());
		}

		assertThat(names.toSet()).isEqualTo(expected);
		assertThat(names.size()).isEqualTo(1000);
		assertThat(largest).as("the overlay stays bounded").isLessThanOrEqualTo(64 + 1000 / 8 + 2);
	}

}
