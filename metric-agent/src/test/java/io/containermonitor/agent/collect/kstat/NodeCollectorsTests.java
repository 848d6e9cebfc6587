package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.containermonitor.agent.collect.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.KstatReadings.read;
import static io.containermonitor.agent.collect.kstat.KstatReadings.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** cmon-agent's gz collectors on the stand-in libkstat and a stand-in zpool. */
class NodeCollectorsTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private FakeKstat fake;

	private FakeCommands commands;

	private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10), 1 << 20);

	private final CommandOutputFailures failures = new CommandOutputFailures();

	@BeforeEach
	void start() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		commands = new FakeCommands(dir);
	}

	@AfterEach
	void close() {
		fake.close();
		runner.close();
	}

	@Test
	void cpuUtilPerCpuInSeconds() throws Exception {
		CpuUtilCollector c = new CpuUtilCollector(fake.handle(), TTL);
		assertThat(read(c, Target.node())).containsExactly(entry("cpu_dtrace_seconds_total{cpu_id=0}", 1.5),
				entry("cpu_dtrace_seconds_total{cpu_id=1}", 0.0), entry("cpu_idle_seconds_total{cpu_id=0}", 1000.0),
				entry("cpu_idle_seconds_total{cpu_id=1}", 2000.0), entry("cpu_kernel_seconds_total{cpu_id=0}", 250.0),
				entry("cpu_kernel_seconds_total{cpu_id=1}", 125.0), entry("cpu_user_seconds_total{cpu_id=0}", 500.0),
				entry("cpu_user_seconds_total{cpu_id=1}", 250.0));
	}

	@Test
	void cpuInfoModelOfCpuZero() throws Exception {
		assertThat(read(new CpuInfoCollector(fake.handle(), TTL), Target.node()))
			.containsExactly(entry("cpu_info_model", 79.0));
	}

	@Test
	void arcstatsFullTableWithOneOfTheMissingAllowedPair() throws Exception {
		ArcstatsCollector c = new ArcstatsCollector(fake.handle(), TTL);
		Map<String, Double> v = read(c, Target.node());
		assertThat(ArcstatsCollector.TABLE).hasSize(81);
		assertThat(v).hasSize(80)
			.containsEntry("arcstats_anon_evictable_data_bytes", 1000.0)
			.containsEntry("arcstats_target_cache_size_bytes", 1007.0)
			.containsEntry("arcstats_async_upgrade_sync_total", 1079.0)
			.containsEntry("arcstats_uncompressed_size_bytes", 1080.0)
			.doesNotContainKey("arcstats_sync_wait_for_async_total");
		assertThat(types(c, Target.node())).containsEntry("arcstats_hits_total", true)
			.containsEntry("arcstats_hdr_size_bytes", true)
			.containsEntry("arcstats_size_bytes", false);
		fake.replaceLine("hits u64 1029", "hits_renamed u64 1029");
		assertThatThrownBy(() -> read(c, Target.node())).isInstanceOf(KstatReadException.class)
			.hasMessage("kstat zfs:0:arcstats has no statistic 'hits'");
	}

	@Test
	void zpoolKstatsAndCommand() throws Exception {
		Path zpool = commands.command("zpool", "zones\t1893893275648\t23%\tONLINE\t3985729650688\n"
				+ "data\t0\t-\tDEGRADED\t1000\n" + "tank\tgarbage\t1%\tONLINE\t5\n");
		ZpoolCollector c = new ZpoolCollector(fake.handle(), runner, zpool.toString(), failures, TTL);
		assertThat(read(c, Target.node())).containsExactly(
				entry("metaslab_group_loads{pool=data, vdev_guid=987654321}", 3.0),
				entry("metaslab_group_loads{pool=zones, vdev_guid=1234567890123456789}", 17.0),
				entry("metaslab_group_unloads{pool=data, vdev_guid=987654321}", 1.0),
				entry("metaslab_group_unloads{pool=zones, vdev_guid=1234567890123456789}", 5.0),
				entry("zpool_allocated_bytes{pool=data}", 0.0),
				entry("zpool_allocated_bytes{pool=zones}", 1893893275648.0),
				entry("zpool_fragmentation_percent{pool=zones}", 23.0), entry("zpool_health_status{pool=data}", 1.0),
				entry("zpool_health_status{pool=zones}", 0.0), entry("zpool_size_bytes{pool=data}", 1000.0),
				entry("zpool_size_bytes{pool=zones}", 3985729650688.0));
		assertThat(commands.args("zpool")).isEqualTo("list\n-Hpo\nname,allocated,fragmentation,health,size\n");
		assertThat(failures.counts()).containsExactly(entry("zpool", 1L));
	}

	@Test
	void zpoolFailingIsAnErrorWithItsMessage() throws Exception {
		Path zpool = commands.command("zpool", "", 1);
		ZpoolCollector c = new ZpoolCollector(fake.handle(), runner, zpool.toString(), failures, TTL);
		assertThatThrownBy(() -> read(c, Target.node())).isInstanceOf(CommandException.class)
			.hasMessageEndingWith("exit status 1: zpool: something failed");
	}

	@Test
	void backendHealthCounters() throws Exception {
		failures.reject("zfs", "bad line", "test");
		KstatBackendCollector c = new KstatBackendCollector(fake.handle(), failures);
		assertThat(read(c, Target.node())).containsEntry("cmon_agent_command_output_rejected{command=zfs}", 1.0)
			.containsEntry("cmon_agent_command_output_rejected{command=zpool}", 0.0)
			.containsEntry("cmon_agent_kstat_chain_updates", 0.0)
			.containsEntry("cmon_agent_kstat_read_retries", 0.0);
	}

}
