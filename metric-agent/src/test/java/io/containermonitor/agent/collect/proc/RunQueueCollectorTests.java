package io.containermonitor.agent.collect.proc;

import java.nio.file.Path;
import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.CgroupFormatException;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import org.junit.jupiter.api.Test;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static io.containermonitor.agent.collect.ReadingsAssert.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunQueueCollectorTests {

	private static final Path ROOT = FIXTURES.resolve("cgroup/v2");

	private final AgentProperties properties = TestProperties.bind(
			Map.of("cmon.agent.cgroup-root", ROOT.toString(), "cmon.agent.proc-root", FIXTURES.resolve("proc").toString()));

	@Test
	void sumsWaitTimeAndCountsStatesOverThreadsSkippingExitedProcesses() throws Exception {
		Map<String, Double> v = read(new RunQueueCollector(new CgroupV2Layout(ROOT), properties), container(
				"/system.slice/docker-3f4c1b2a9d8e4f60a1b2c3d4e5f60718aabbccddeeff00112233445566778899.scope"));
		assertThat(v).containsEntry("cpu_wait_time", 7000000.0)
			.containsEntry("tasks_threads", 2.0)
			.containsEntry("tasks_running", 1.0)
			.containsEntry("tasks_uninterruptible", 1.0);
	}

	@Test
	void parsesSchedstatAndTheStateAfterAnOddCommand() {
		assertThat(TaskSchedFiles.waitNanos("123 456 7\n")).isEqualTo(456);
		assertThat(TaskSchedFiles.state("42 (a) b) (c) S 1 2 3")).isEqualTo('S');
		assertThatThrownBy(() -> TaskSchedFiles.waitNanos("123")).isInstanceOf(CgroupFormatException.class);
		assertThatThrownBy(() -> TaskSchedFiles.state("42 (trunc")).isInstanceOf(CgroupFormatException.class);
	}

}
