package io.containermonitor.agent.collect.cgroup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoStatFileTests {

	@Test
	void sumsEveryDevice() {
		assertThat(IoStatFile.parseTotals("8:0 rbytes=1048576 wbytes=2097152 rios=100 wios=200 dbytes=0 dios=0\n"
				+ "259:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n"))
			.containsEntry("rbytes", 1052672L)
			.containsEntry("wbytes", 2097152L)
			.containsEntry("rios", 101L)
			.containsEntry("wios", 200L);
	}

	@Test
	void emptyMeansNoIoYet() {
		assertThat(IoStatFile.parseTotals("")).isEmpty();
	}

	@Test
	void truncatedFieldIsAnError() {
		assertThatThrownBy(() -> IoStatFile.parseTotals("8:0 rbytes=10 wbyt")).isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("io.stat");
	}

}
