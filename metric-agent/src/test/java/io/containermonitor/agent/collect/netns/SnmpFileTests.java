package io.containermonitor.agent.collect.netns;

import io.containermonitor.agent.collect.cgroup.CgroupFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnmpFileTests {

	@Test
	void pairsNameAndValueLines() {
		var sections = SnmpFile.parse("net/snmp",
				"Ip: Forwarding DefaultTTL\nIp: 2 64\nTcp: ActiveOpens CurrEstab MaxConn\nTcp: 21 3 -1\n");
		assertThat(sections.get("Tcp")).containsEntry("ActiveOpens", 21L).containsEntry("MaxConn", -1L);
		assertThat(sections.get("Ip")).containsEntry("DefaultTTL", 64L);
	}

	@Test
	void truncatedValueLineIsAnError() {
		assertThatThrownBy(() -> SnmpFile.parse("net/snmp", "Tcp: ActiveOpens CurrEstab\nTcp: 21\n"))
			.isInstanceOf(CgroupFormatException.class);
	}

}
