package io.containermonitor.agent.collect.cgroup.v2;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.CgroupFormatException;
import io.containermonitor.agent.collect.cgroup.TasksCollector;
import io.containermonitor.agent.container.Container;
import org.junit.jupiter.api.Test;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static io.containermonitor.agent.collect.ReadingsAssert.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CgroupV2CollectorsTests {

	private static final Path ROOT = FIXTURES.resolve("cgroup/v2");

	private static final Container DOCKER = container(
			"/system.slice/docker-3f4c1b2a9d8e4f60a1b2c3d4e5f60718aabbccddeeff00112233445566778899.scope");

	private final AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", ROOT.toString()));

	private final CgroupV2Layout layout = new CgroupV2Layout(ROOT);

	@Test
	void cpuStatGivesNanosecondsThrottlingCapAndPressure() throws Exception {
		Map<String, Double> v = read(new CgroupV2CpuCollector(layout, properties), DOCKER);
		assertThat(v).containsEntry("cpu_user_usage", 65454703000.0)
			.containsEntry("cpu_sys_usage", 22284816000.0)
			.containsEntry("cpu_periods", 1200.0)
			.containsEntry("cpu_throttled_periods", 37.0)
			.containsEntry("cpucap_limit_percentage", 50.0)
			.containsKey("cpu_pressure_some_seconds");
		assertThat(v.get("cpucap_above_seconds_total")).isCloseTo(1.85, within(1e-9));
	}

	@Test
	void cpuWithoutCpuControllerReportsUsageOnly() throws Exception {
		Map<String, Double> v = read(new CgroupV2CpuCollector(layout, properties), container("/machines/web1"));
		assertThat(v).containsOnlyKeys("cpu_user_usage", "cpu_sys_usage");
	}

	@Test
	void truncatedCpuStatIsAFailureNotAZero() {
		assertThatThrownBy(() -> read(new CgroupV2CpuCollector(layout, properties), container("/machines/broken")))
			.isInstanceOf(CgroupFormatException.class)
			.hasMessageContaining("cpu.stat");
	}

	@Test
	void unlimitedMemoryHasNoLimitAndSwapIsReported() throws Exception {
		Map<String, Double> v = read(new CgroupV2MemoryCollector(layout, properties), DOCKER);
		assertThat(v).containsEntry("mem_agg_usage", 134217728.0)
			.containsEntry("mem_swap", 1048576.0)
			.containsEntry("mem_swap_limit", 536870912.0)
			.containsEntry("memory_page_faults", 123456.0)
			.containsEntry("memory_major_page_faults", 78.0)
			.containsEntry("mem_anon_alloc_fail", 3.0)
			.containsEntry("memory_oom_kills", 1.0)
			.containsEntry("memory_pressure_some_seconds", 0.25)
			.doesNotContainKey("mem_limit");
	}

	@Test
	void limitedMemoryWithoutSwapAccounting() throws Exception {
		Map<String, Double> v = read(new CgroupV2MemoryCollector(layout, properties), container("/machines/web1"));
		assertThat(v).containsEntry("mem_agg_usage", 52428800.0)
			.containsEntry("mem_limit", 268435456.0)
			.doesNotContainKeys("mem_swap", "mem_swap_limit");
	}

	@Test
	void ioStatIsSummedOverDevices() throws Exception {
		Map<String, Double> v = read(new CgroupV2IoCollector(layout, properties), DOCKER);
		assertThat(v).containsEntry("vfs_bytes_read_count", 1052672.0)
			.containsEntry("vfs_bytes_written_count", 2097152.0)
			.containsEntry("vfs_read_operation_count", 101.0)
			.containsEntry("vfs_write_operation_count", 200.0)
			.containsEntry("io_pressure_some_seconds", 3.0)
			.containsEntry("io_pressure_full_seconds", 1.0);
	}

	@Test
	void ioWithoutIoControllerReportsNothing() throws Exception {
		assertThat(read(new CgroupV2IoCollector(layout, properties), container("/machines/web1"))).isEmpty();
	}

	@Test
	void tasksAndPids() throws Exception {
		Map<String, Double> v = read(new TasksCollector(layout, properties), DOCKER);
		assertThat(v).containsEntry("tasks_processes", 2.0)
			.containsEntry("pids_current", 7.0)
			.containsEntry("pids_limit", 512.0);
	}

	@Test
	void vanishedCgroupFailsWithNoSuchFile() {
		assertThatThrownBy(() -> read(new CgroupV2MemoryCollector(layout, properties), container("/machines/gone")))
			.isInstanceOf(NoSuchFileException.class);
		assertThatThrownBy(() -> read(new CgroupV2IoCollector(layout, properties), container("/machines/gone")))
			.isInstanceOf(NoSuchFileException.class);
	}

}
