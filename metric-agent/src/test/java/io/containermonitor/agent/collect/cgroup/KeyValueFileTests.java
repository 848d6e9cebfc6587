package io.containermonitor.agent.collect.cgroup;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyValueFileTests {

	@Test
	void parsesCpuStat() {
		Map<String, Long> stat = KeyValueFile.parse("cpu.stat",
				"usage_usec 87739519\nuser_usec 65454703\nsystem_usec 22284816\nnice_usec 0\n");
		assertThat(stat).containsEntry("user_usec", 65454703L).containsEntry("system_usec", 22284816L).hasSize(4);
	}

	@Test
	void emptyFileHasNoKeysAndARequiredKeyIsAnError() {
		Map<String, Long> stat = KeyValueFile.parse("cpu.stat", "");
		assertThat(stat).isEmpty();
		assertThatThrownBy(() -> KeyValueFile.require(stat, "cpu.stat", "user_usec"))
			.isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("cpu.stat")
			.hasMessageContaining("user_usec");
	}

	@Test
	void truncatedLastLineIsAnErrorNotAZero() {
		assertThatThrownBy(() -> KeyValueFile.parse("cpu.stat", "usage_usec 1000\nuser_usec 900\nsystem_u"))
			.isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("system_u");
		assertThatThrownBy(() -> KeyValueFile.parse("cpu.stat", "user_usec 9x"))
			.isInstanceOf(CgroupFormatException.class);
	}

	@Test
	void spacesAroundLinesAndValuesNegativeAndUnlimitedValuesAreRead() {
		Map<String, Long> stat = KeyValueFile.parse("memory.stat",
				"  cache 12 \n\nhierarchical_memory_limit 9223372036854771712\nrss   -3\n");
		assertThat(stat).containsExactly(Map.entry("cache", 12L),
				Map.entry("hierarchical_memory_limit", 9223372036854771712L), Map.entry("rss", -3L));
		assertThatThrownBy(() -> KeyValueFile.parse("memory.stat", "cache 99999999999999999999\n"))
			.isInstanceOf(CgroupFormatException.class);
		assertThatThrownBy(() -> KeyValueFile.parse("memory.stat", "cache -\n")).isInstanceOf(CgroupFormatException.class);
	}

}
