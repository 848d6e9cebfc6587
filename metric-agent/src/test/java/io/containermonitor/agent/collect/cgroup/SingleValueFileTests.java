package io.containermonitor.agent.collect.cgroup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleValueFileTests {

	@Test
	void readsAValueWithItsNewline() {
		assertThat(SingleValueFile.parse("memory.current", "134217728\n")).isEqualTo(134217728L);
	}

	@Test
	void unlimitedMemoryIsReportedAsMax() {
		assertThat(SingleValueFile.parseLimit("memory.max", "max\n")).isEmpty();
		assertThat(SingleValueFile.parseLimit("memory.max", "268435456\n")).hasValue(268435456L);
	}

	@Test
	void emptyOrGarbageIsAnError() {
		assertThatThrownBy(() -> SingleValueFile.parse("memory.current", "")).isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("memory.current");
		assertThatThrownBy(() -> SingleValueFile.parseLimit("memory.max", "maximum"))
			.isInstanceOf(CgroupFormatException.class);
	}

}
