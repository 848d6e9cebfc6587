package io.containermonitor.agent.collect.cgroup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PressureFileTests {

	@Test
	void readsSomeAndFullTotals() {
		assertThat(PressureFile.parseTotals("cpu.pressure",
				"some avg10=0.19 avg60=3.34 avg300=2.53 total=15041879\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"))
			.containsEntry("some", 15041879L)
			.containsEntry("full", 0L);
	}

	@Test
	void olderKernelsWriteOnlySome() {
		assertThat(PressureFile.parseTotals("cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"))
			.containsOnlyKeys("some");
	}

	@Test
	void lineWithoutTotalIsAnError() {
		assertThatThrownBy(() -> PressureFile.parseTotals("io.pressure", "some avg10=0.00 avg60=0.00"))
			.isInstanceOf(CgroupFormatException.class);
	}

}
