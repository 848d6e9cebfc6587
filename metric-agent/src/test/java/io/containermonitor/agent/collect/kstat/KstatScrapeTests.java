package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.CollectorRunner;
import io.containermonitor.agent.collect.ReadingCache;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TargetMeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_B;
import static io.containermonitor.agent.collect.kstat.KstatReadings.zone;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kstat collector through the agent's own runner, cache and meters, as a scrape
 * renders them; checked with {@code promtool check metrics}. By the framework's rule
 * ({@code TritonNames}) cmon-agent's counters without {@code _total} keep their exact
 * names; the backend's own counters get {@code _total}.
 */
class KstatScrapeTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private FakeKstat fake;

	private final CommandRunner commands = new CommandRunner(Duration.ofSeconds(10), 1 << 20);

	private final CommandOutputFailures failures = new CommandOutputFailures();

	private final CollectorRunner runner = new CollectorRunner();

	private final ReadingCache cache = new ReadingCache(System::nanoTime);

	private List<Collector> vm;

	private List<Collector> gz;

	@BeforeEach
	void start() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
		FakeCommands fakeCommands = new FakeCommands(dir);
		Path zfs = fakeCommands.command("zfs",
				"26843545600\t1610612736\t2684354560\t131072\t0\t1.53x\t1.61x\t1073741824\t1717986918\t1073741824\t536870912\n");
		Path zpool = fakeCommands.command("zpool", "zones\t1893893275648\t23%\tONLINE\t3985729650688\n");
		ZoneKstats zones = new ZoneKstats();
		KstatHandle h = fake.handle();
		vm = List.of(new ZoneMiscCollector(h, zones, TTL), new MemcapCollector(h, zones, TTL),
				new CpucapCollector(h, zones, TTL), new LinkCollector(h, zones, TTL), new ZoneTcpCollector(h, zones, TTL),
				new ZoneVfsCollector(h, zones, TTL),
				new ZfsCollector(commands, zfs.toString(), failures, Duration.ofSeconds(300)));
		gz = List.of(new CpuUtilCollector(h, TTL), new CpuInfoCollector(h, TTL), new ArcstatsCollector(h, TTL),
				new ZpoolCollector(h, commands, zpool.toString(), failures, Duration.ofSeconds(30)),
				new NtpCollector(commands,
						fakeCommands.ntpq(NtpCollectorTests.APEERS, NtpCollectorTests.SYSTEM, 0).toString(), failures,
						Duration.ofSeconds(64)),
				new KstatBackendCollector(h, failures));
	}

	@AfterEach
	void close() {
		fake.close();
		commands.close();
	}

	private String scrape(Target target, List<Collector> collectors) {
		TargetMeters meters = new TargetMeters();
		for (Collector c : collectors) {
			meters.apply(cache.get(target.key(), c.name(), () -> runner.run(c, target)));
		}
		return Exposition.sortLabels(meters.render());
	}

	@Test
	void vmScrapeHasCmonNamesAndPassesPromtool() {
		String text = scrape(Target.of(zone(ZONE_A)), vm);
		assertThat(text).contains("# HELP cpu_user_usage User CPU utilization in nanoseconds",
				"# TYPE cpu_user_usage counter", "cpu_user_usage 58708613676893", "load_average 1.5",
				"mem_limit 1073741824", "cpucap_above_seconds_total 120", "cpucap_limit_percentage 200",
				"net_agg_bytes_in{interface=\"vnic0\"} 551194436",
				"net_agg_bytes_in{interface=\"vnic1\"} 1000", "tcp_active_open_count 10",
				"vfs_run_length_time_count 4000", "zfs_compressratio 1.53", "zfs_quota 0",
				"zone_misc_metrics_available_boolean 1", "zfs_metrics_available_boolean 1",
				"cpucap_metrics_available_boolean 1", "link_metrics_available_boolean 1",
				"cpucap_waiting_threads_count 1",
				"# TYPE tcp_current_established_connections_total gauge",
				"tcp_current_established_connections_total 14");
		PromtoolLint.assertClean(text);
	}

	@Test
	void uncappedZoneScrapeIsCompleteAndPassesPromtool() {
		String text = scrape(Target.of(zone(ZONE_B)), vm);
		assertThat(text).contains("cpucap_metrics_available_boolean 1", "memcap_metrics_available_boolean 1")
			.doesNotContain("cpucap_limit_percentage", "mem_limit ");
		PromtoolLint.assertClean(text);
	}

	@Test
	void gzScrapePassesPromtool() {
		String text = scrape(Target.node(), gz);
		assertThat(text).contains("cpu_user_seconds_total{cpu_id=\"0\"} 500", "cpu_info_model 79",
				"arcstats_hits_total 1029", "zpool_health_status{pool=\"zones\"} 0",
				"metaslab_group_loads{pool=\"zones\",vdev_guid=\"1234567890123456789\"} 17",
				"arcstats_metrics_available_boolean 1", "zpool_metrics_available_boolean 1",
				"ntp_peer_state{remote=\"10.0.0.1\"} 6", "ntp_stratum_number 4",
				"cmon_agent_command_output_rejected_total{command=\"ntpq\"} 1");
		PromtoolLint.assertClean(text);
	}

	@Test
	void aVanishedZoneLosesItsMetricsNotTheScrape() throws Exception {
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		fake.chain(101);
		String text = scrape(Target.of(zone(ZONE_B)), vm);
		assertThat(text).contains("zone_misc_metrics_available_boolean 0", "tcp_metrics_available_boolean 0")
			.doesNotContain("cpu_user_usage ");
	}

}
