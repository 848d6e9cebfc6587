package io.containermonitor.agent.collect.cgroup.v1;

import java.nio.file.Path;
import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.TasksCollector;
import io.containermonitor.agent.container.Container;
import org.junit.jupiter.api.Test;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static io.containermonitor.agent.collect.ReadingsAssert.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CgroupV1CollectorsTests {

	private static final Container DOCKER = container(
			"/docker/9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081");

	private static final Path SEPARATE = FIXTURES.resolve("cgroup/v1/separate");

	private static final Path COMOUNTED = FIXTURES.resolve("cgroup/v1/comounted");

	private final AgentProperties properties = TestProperties.bind(Map.of());

	@Test
	void cpuFromSeparateMountsInNanoseconds() throws Exception {
		Map<String, Double> v = read(new CgroupV1CpuCollector(new CgroupV1Layout(SEPARATE), properties), DOCKER);
		assertThat(v).containsEntry("cpu_user_usage", 132000000.0)
			.containsEntry("cpu_sys_usage", 4000000.0)
			.containsEntry("cpu_periods", 5.0)
			.containsEntry("cpu_throttled_periods", 2.0)
			.containsEntry("cpucap_limit_percentage", 50.0);
		assertThat(v.get("cpucap_above_seconds_total")).isCloseTo(0.080067484, within(1e-12));
	}

	@Test
	void cpuFromCoMountedCpuCpuacctFallsBackToUserHzTicks() throws Exception {
		CgroupV1Layout layout = new CgroupV1Layout(COMOUNTED);
		assertThat(layout.controllerDir("docker/x", "cpuacct")).isEqualTo(COMOUNTED.resolve("cpu,cpuacct/docker/x"));
		Map<String, Double> v = read(new CgroupV1CpuCollector(layout, properties), DOCKER);
		assertThat(v).containsEntry("cpu_user_usage", 2.5e9).containsEntry("cpu_sys_usage", 0.5e9);
	}

	@Test
	void memoryWithLimitAndRamPlusSwapLimitUnlimited() throws Exception {
		Map<String, Double> v = read(new CgroupV1MemoryCollector(new CgroupV1Layout(SEPARATE), properties), DOCKER);
		assertThat(v).containsEntry("mem_agg_usage", 655360.0)
			.containsEntry("mem_limit", 268435456.0)
			.containsEntry("mem_swap", 0.0)
			.containsEntry("memory_page_faults", 414.0)
			.containsEntry("memory_major_page_faults", 1.0)
			.doesNotContainKey("mem_swap_limit");
	}

	@Test
	void unlimitedMemoryNearLongMaxIsNotALimit() throws Exception {
		Map<String, Double> v = read(new CgroupV1MemoryCollector(new CgroupV1Layout(COMOUNTED), properties), DOCKER);
		assertThat(v).containsKey("mem_agg_usage").doesNotContainKeys("mem_limit", "mem_swap_limit");
	}

	@Test
	void blkioIsSummedOverDevices() throws Exception {
		Map<String, Double> v = read(new CgroupV1BlkioCollector(new CgroupV1Layout(SEPARATE), properties), DOCKER);
		assertThat(v).containsEntry("vfs_bytes_read_count", 1052672.0)
			.containsEntry("vfs_bytes_written_count", 2097152.0)
			.containsEntry("vfs_read_operation_count", 101.0)
			.containsEntry("vfs_write_operation_count", 200.0);
	}

	@Test
	void blkioNotMountedReportsNothing() throws Exception {
		assertThat(read(new CgroupV1BlkioCollector(new CgroupV1Layout(COMOUNTED), properties), DOCKER)).isEmpty();
	}

	@Test
	void tasksFromTheCpuacctTreeAndPidsController() throws Exception {
		Map<String, Double> v = read(new TasksCollector(new CgroupV1Layout(SEPARATE), properties), DOCKER);
		assertThat(v).containsEntry("tasks_processes", 1.0).containsEntry("pids_current", 2.0)
			.doesNotContainKey("pids_limit");
	}

}
