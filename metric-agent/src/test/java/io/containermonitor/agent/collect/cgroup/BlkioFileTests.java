package io.containermonitor.agent.collect.cgroup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlkioFileTests {

	@Test
	void sumsOperationsOverDevicesAndSkipsTotal() {
		assertThat(BlkioFile.parseTotals("f", "8:0 Read 10\n8:0 Write 20\n8:0 Total 30\n8:16 Read 1\nTotal 31\n"))
			.containsEntry("Read", 11L)
			.containsEntry("Write", 20L)
			.containsEntry("Total", 30L);
	}

	@Test
	void noDevicesMeansNoIo() {
		assertThat(BlkioFile.parseTotals("f", "Total 0\n")).isEmpty();
	}

	@Test
	void truncatedLineIsAnError() {
		assertThatThrownBy(() -> BlkioFile.parseTotals("f", "8:0 Read")).isInstanceOf(CgroupFormatException.class);
	}

}
