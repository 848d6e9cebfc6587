package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.KstatReadings.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** cmon-agent's zfs collector against a stand-in zfs printing what {@code zfs list -Hpo} prints. */
class ZfsCollectorTests {

	@TempDir
	Path dir;

	private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10), 1 << 20);

	private final CommandOutputFailures failures = new CommandOutputFailures();

	@AfterEach
	void close() {
		runner.close();
	}

	@Test
	void propertiesOfTheZoneDataset() throws Exception {
		FakeCommands commands = new FakeCommands(dir);
		Path zfs = commands.command("zfs",
				"26843545600\t1610612736\t2684354560\t131072\t26843545600\t1.53x\t1.61x\t1073741824\t1717986918\t1073741824\t536870912\n");
		ZfsCollector c = new ZfsCollector(runner, zfs.toString(), failures, Duration.ofSeconds(300));
		assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(300));
		assertThat(read(c, ZONE_A)).containsExactly(entry("zfs_available", 26843545600.0),
				entry("zfs_compressratio", 1.53), entry("zfs_logicalreferenced", 1717986918.0),
				entry("zfs_logicalused", 2684354560.0), entry("zfs_quota", 26843545600.0),
				entry("zfs_recordsize", 131072.0), entry("zfs_refcompressratio", 1.61),
				entry("zfs_referenced", 1073741824.0), entry("zfs_used", 1610612736.0),
				entry("zfs_usedbydataset", 1073741824.0), entry("zfs_usedbysnapshots", 536870912.0));
		assertThat(commands.args("zfs")).isEqualTo("list\n-Hpo\n"
				+ "available,used,logicalused,recordsize,quota,compressratio,refcompressratio,referenced,logicalreferenced,usedbydataset,usedbysnapshots\n"
				+ "zones/" + ZONE_A + "\n");
	}

	@Test
	void malformedOutputIsLoggedCountedAndFailsTheCollector() throws Exception {
		Path zfs = new FakeCommands(dir).command("zfs", "26843545600\t1610612736\n");
		ZfsCollector c = new ZfsCollector(runner, zfs.toString(), failures, Duration.ofSeconds(300));
		assertThatThrownBy(() -> read(c, ZONE_A)).isInstanceOf(CommandException.class)
			.hasMessage("expected 11 tab-separated fields, got 2: '26843545600\t1610612736'");
		assertThat(failures.counts()).containsExactly(entry("zfs", 1L));
	}

	@Test
	void aDatasetThatIsGoneFails() throws Exception {
		Path zfs = new FakeCommands(dir).command("zfs", "", 1);
		ZfsCollector c = new ZfsCollector(runner, zfs.toString(), failures, Duration.ofSeconds(300));
		assertThatThrownBy(() -> read(c, ZONE_A)).isInstanceOf(CommandException.class)
			.hasMessageContaining("exit status 1");
		assertThat(failures.counts()).isEmpty();
	}

}
