package io.containermonitor.agent.collect.netns;

import java.util.List;

import io.containermonitor.agent.collect.cgroup.CgroupFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetDevFileTests {

	private static final String HEADER = "Inter-|   Receive                                                |  Transmit\n"
			+ " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

	@Test
	void readsEveryInterface() {
		List<NetDevFile.InterfaceCounters> list = NetDevFile.parse(HEADER
				+ "    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n"
				+ "  eth0: 551194436  412345    2    5    0     0          0         0 12345678   98765    1    3    0     0       0          0\n");
		assertThat(list).hasSize(2);
		assertThat(list.get(1)).isEqualTo(
				new NetDevFile.InterfaceCounters("eth0", 551194436L, 412345L, 2, 5, 12345678L, 98765L, 1, 3));
	}

	@Test
	void headerOnlyOrEmptyHasNoInterfaces() {
		assertThat(NetDevFile.parse(HEADER)).isEmpty();
		assertThat(NetDevFile.parse("")).isEmpty();
	}

	@Test
	void truncatedLineIsAnError() {
		assertThatThrownBy(() -> NetDevFile.parse(HEADER + "  eth0: 5511 41 0 0"))
			.isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("eth0");
	}

}
