package io.containermonitor.agent.collect.netns;

import java.nio.file.Path;
import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import io.containermonitor.agent.container.Container;
import org.junit.jupiter.api.Test;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static io.containermonitor.agent.collect.ReadingsAssert.read;
import static org.assertj.core.api.Assertions.assertThat;

class NetnsCollectorsTests {

	private static final Path ROOT = FIXTURES.resolve("cgroup/v2");

	private static final Container DOCKER = container(
			"/system.slice/docker-3f4c1b2a9d8e4f60a1b2c3d4e5f60718aabbccddeeff00112233445566778899.scope");

	private final AgentProperties properties = TestProperties.bind(
			Map.of("cmon.agent.cgroup-root", ROOT.toString(), "cmon.agent.proc-root", FIXTURES.resolve("proc").toString()));

	private final ContainerProcfs procfs = new ContainerProcfs(new CgroupV2Layout(ROOT), properties);

	@Test
	void interfacesOfTheNamespaceWithoutLoopback() throws Exception {
		Map<String, Double> v = read(new NetDevCollector(procfs, properties), DOCKER);
		assertThat(v).containsEntry("net_agg_bytes_in{interface=eth0}", 551194436.0)
			.containsEntry("net_agg_packets_in{interface=eth0}", 412345.0)
			.containsEntry("net_agg_bytes_out{interface=eth0}", 12345678.0)
			.containsEntry("net_agg_packets_out{interface=eth0}", 98765.0)
			.containsEntry("net_agg_errors_in{interface=eth0}", 2.0)
			.containsEntry("net_agg_drops_in{interface=eth0}", 5.0)
			.containsEntry("net_agg_errors_out{interface=eth0}", 1.0)
			.containsEntry("net_agg_drops_out{interface=eth0}", 3.0)
			.hasSize(8);
	}

	@Test
	void containerWithOnlyLoopbackHasNoInterfacesAndNoError() throws Exception {
		assertThat(read(new NetDevCollector(procfs, properties), container("/machines/web1"))).isEmpty();
	}

	@Test
	void tcpCountersUnderCmonNames() throws Exception {
		Map<String, Double> v = read(new TcpCollector(procfs, properties), DOCKER);
		assertThat(v).containsEntry("tcp_active_open_count", 595.0)
			.containsEntry("tcp_passive_open_count", 552.0)
			.containsEntry("tcp_failed_connection_attempt_count", 9.0)
			.containsEntry("tcp_retransmitted_segment_count", 6.0)
			.containsEntry("tcp_current_established_connections_total", 0.0)
			.containsKeys("tcp_listen_drop_count", "tcp_listen_drop_Qzero_count", "tcp_half_open_drop_count",
					"tcp_retransmit_timeout_drop_count")
			.doesNotContainKey("tcp_duplicate_ack_count");
	}

}
