package io.containermonitor.discovery.web;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.discovery.TestVms;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupsFilterTests {

	private final UUID owner = UUID.randomUUID();

	private final UUID server = UUID.randomUUID();

	@Test
	void absentParameterMeansNoFilter() {
		assertThat(GroupsFilter.parse(null)).isEmpty();
		assertThat(GroupsFilter.parse(List.of())).isEmpty();
	}

	@Test
	void anyRequestedGroupMatches() {
		GroupsFilter filter = GroupsFilter.parse(List.of("web,db")).orElseThrow();
		assertThat(filter.matches(TestVms.running(owner, server, "w", "web"), "alice")).isTrue();
		assertThat(filter.matches(TestVms.running(owner, server, "d", "cache,db"), "alice")).isTrue();
		assertThat(filter.matches(TestVms.running(owner, server, "c", "cache"), "alice")).isFalse();
		assertThat(filter.matches(TestVms.running(owner, server, "n"), "alice")).isFalse();
	}

	@Test
	void mantaRoleCountsAsAGroupForPoseidonOnly() {
		Vm storage = TestVms.running(owner, server, "s", Vm.MANTA_ROLE_TAG + "=storage");
		GroupsFilter filter = GroupsFilter.parse(List.of("storage")).orElseThrow();
		assertThat(filter.matches(storage, "poseidon")).isTrue();
		assertThat(filter.matches(storage, "alice")).isFalse();
	}

	@Test
	void badCharactersAreRefused() {
		assertRefused("web,d b", "groups must be strings comprised of letters, numbers, _, and -");
		assertRefused("web.db", "groups must be strings comprised of letters, numbers, _, and -");
	}

	@Test
	void emptyValueAndEmptyGroupsAreRefused() {
		assertRefused("", "must contain at least one valid group string");
		assertRefused("web,,db", "group name must be no less than 1 character");
	}

	@Test
	void duplicatesAreRefused() {
		assertRefused("web,db,web", "contains duplicate group web");
	}

	@Test
	void limitsAreOneHundredGroupsOfOneHundredCharacters() {
		String hundred = IntStream.range(0, 100).mapToObj(i -> "g" + i).collect(Collectors.joining(","));
		assertThat(GroupsFilter.parse(List.of(hundred))).isPresent();
		assertRefused(hundred + ",g100", "less than or equal to 100 group strings");
		assertThat(GroupsFilter.parse(List.of("a".repeat(100)))).isPresent();
		assertRefused("a".repeat(101), "no greater than 100 characters");
	}

	@Test
	void repeatedParameterIsRefused() {
		assertThatThrownBy(() -> GroupsFilter.parse(List.of("web", "db"))).isInstanceOf(ApiException.class)
			.hasMessageContaining("value must be a string");
	}

	private static void assertRefused(String value, String message) {
		assertThatThrownBy(() -> GroupsFilter.parse(List.of(value))).isInstanceOfSatisfying(ApiException.class,
				ex -> {
					assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
					assertThat(ex.code()).isEqualTo("BadRequestError");
					assertThat(ex.getMessage()).startsWith("invalid \"groups\":").contains(message);
				});
	}

}
