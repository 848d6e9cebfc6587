package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;

import io.containermonitor.agent.collect.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_B;
import static io.containermonitor.agent.collect.kstat.KstatReadings.read;
import static io.containermonitor.agent.collect.kstat.KstatReadings.types;
import static io.containermonitor.agent.collect.kstat.KstatReadings.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** cmon-agent's VM collectors on the stand-in libkstat: exact names, types and values of the fixture. */
class ZoneCollectorsTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	private FakeKstat fake;

	private final ZoneKstats zones = new ZoneKstats();

	@BeforeEach
	void start() throws Exception {
		fake = FakeKstat.start(getClass(), dir);
	}

	@AfterEach
	void close() {
		fake.close();
	}

	@Test
	void zoneIdsOfZonesWhoseKstatNamesAreEqual() throws Exception {
		try (KstatChain chain = fake.handle().open()) {
			assertThat(ZoneKstats.kstatName(ZONE_A)).isEqualTo("b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f")
				.isEqualTo(ZoneKstats.kstatName(ZONE_B));
			assertThat(zones.zoneId(chain, ZONE_A)).hasValue(5);
			assertThat(zones.zoneId(chain, ZONE_B)).hasValue(7);
			assertThat(zones.zoneId(chain, "global")).hasValue(0);
			assertThat(zones.zoneId(chain, "b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a0000")).isEmpty();
			assertThat(zones.runningZones(chain)).containsExactly(entry(ZONE_A, 5), entry(ZONE_B, 7));
		}
	}

	@Test
	void zoneMisc() throws Exception {
		ZoneMiscCollector c = new ZoneMiscCollector(fake.handle(), zones, TTL);
		assertThat(c.name()).isEqualTo("zone_misc");
		assertThat(read(c, ZONE_A)).containsExactly(entry("cpu_sys_usage", 12345678901.0),
				entry("cpu_user_usage", 58708613676893.0), entry("cpu_wait_time", 987654321.0),
				entry("load_average", 1.5));
		assertThat(types(c, Target.of(zone(ZONE_A)))).containsExactly(entry("cpu_sys_usage", true),
				entry("cpu_user_usage", true), entry("cpu_wait_time", true), entry("load_average", false));
		assertThat(read(c, ZONE_B)).containsEntry("cpu_user_usage", 1000.0).containsEntry("load_average", 0.0);
	}

	@Test
	void countersMoveBetweenScrapes() throws Exception {
		ZoneMiscCollector c = new ZoneMiscCollector(fake.handle(), zones, TTL);
		assertThat(read(c, ZONE_A)).containsEntry("cpu_user_usage", 58708613676893.0);
		fake.replaceLine("nsec_user u64 58708613676893", "nsec_user u64 58709613676893");
		assertThat(read(c, ZONE_A)).containsEntry("cpu_user_usage", 58709613676893.0);
	}

	@Test
	void memcapLeavesOutLimitsThatAreNotSet() throws Exception {
		MemcapCollector c = new MemcapCollector(fake.handle(), zones, TTL);
		assertThat(read(c, ZONE_A)).containsExactly(entry("mem_agg_usage", 268435456.0),
				entry("mem_anon_alloc_fail", 7.0), entry("mem_limit", 1073741824.0), entry("mem_swap", 314572800.0),
				entry("mem_swap_limit", 2147483648.0));
		assertThat(read(c, ZONE_B)).as("physcap UINT64_MAX and swapcap 0: no limit")
			.containsExactly(entry("mem_agg_usage", 1048576.0), entry("mem_anon_alloc_fail", 0.0),
					entry("mem_swap", 0.0));
	}

	@Test
	void cpucapOfACappedZoneAndNothingForAnUncappedOne() throws Exception {
		CpucapCollector c = new CpucapCollector(fake.handle(), zones, TTL);
		assertThat(read(c, ZONE_A)).containsExactly(entry("cpucap_above_base_seconds_total", 900.0),
				entry("cpucap_above_seconds_total", 120.0), entry("cpucap_baseline_percentage", 100.0),
				entry("cpucap_below_seconds_total", 86000.0), entry("cpucap_burst_limit_seconds", 0.0),
				entry("cpucap_cur_usage_percentage", 37.0), entry("cpucap_effective_percentage", 200.0),
				entry("cpucap_limit_percentage", 200.0), entry("cpucap_max_usage_percentage", 180.0),
				entry("cpucap_waiting_threads_count", 1.0));
		assertThat(read(c, ZONE_B)).isEmpty();
	}

	@Test
	void linksOfTheZoneOnlyRenamedToVnic() throws Exception {
		LinkCollector c = new LinkCollector(fake.handle(), zones, TTL);
		assertThat(read(c, ZONE_A)).containsExactly(entry("net_agg_bytes_in{interface=vnic0}", 551194436.0),
				entry("net_agg_bytes_in{interface=vnic1}", 1000.0),
				entry("net_agg_bytes_out{interface=vnic0}", 12345678.0),
				entry("net_agg_bytes_out{interface=vnic1}", 2000.0),
				entry("net_agg_packets_in{interface=vnic0}", 412345.0),
				entry("net_agg_packets_in{interface=vnic1}", 10.0),
				entry("net_agg_packets_out{interface=vnic0}", 98765.0),
				entry("net_agg_packets_out{interface=vnic1}", 20.0));
		assertThat(read(c, ZONE_B)).as("lx eth0 is vnic0 too").containsOnlyKeys(
				"net_agg_bytes_in{interface=vnic0}", "net_agg_bytes_out{interface=vnic0}",
				"net_agg_packets_in{interface=vnic0}", "net_agg_packets_out{interface=vnic0}");
		assertThat(LinkCollector.interfaceName("z12_net10")).isEqualTo("vnic10");
		assertThat(LinkCollector.interfaceName("ixgbe0")).isEqualTo("ixgbe0");
	}

	@Test
	void aZoneWithoutLinksReportsNothingAndStaysAvailable() throws Exception {
		fake.removeKstat("kstat link 0 z7_eth0 net");
		fake.chain(101);
		assertThat(read(new LinkCollector(fake.handle(), zones, TTL), ZONE_B)).isEmpty();
	}

	@Test
	void tcpOfTheZonesOwnStack() throws Exception {
		ZoneTcpCollector c = new ZoneTcpCollector(fake.handle(), zones, TTL);
		assertThat(c.name()).isEqualTo("tcp");
		assertThat(read(c, ZONE_A)).containsExactly(entry("tcp_active_open_count", 10.0),
				entry("tcp_current_established_connections_total", 14.0),
				entry("tcp_duplicate_ack_count", 16.0), entry("tcp_failed_connection_attempt_count", 12.0),
				entry("tcp_half_open_drop_count", 19.0), entry("tcp_listen_drop_Qzero_count", 18.0),
				entry("tcp_listen_drop_count", 17.0), entry("tcp_passive_open_count", 11.0),
				entry("tcp_retransmit_timeout_drop_count", 20.0), entry("tcp_retransmitted_segment_count", 15.0));
		assertThat(types(c, Target.of(zone(ZONE_A)))).containsEntry("tcp_current_established_connections_total", false)
			.containsEntry("tcp_active_open_count", true);
	}

	@Test
	void zoneVfsRunLengthIsRlentimeNotWlentime() throws Exception {
		ZoneVfsCollector c = new ZoneVfsCollector(fake.handle(), zones, TTL);
		// fixture: nread reads rtime rlentime rcnt nwritten writes wtime wlentime wcnt = 1000 x 1..10
		assertThat(read(c, ZONE_A)).containsExactly(entry("vfs_bytes_read_count", 1000.0),
				entry("vfs_bytes_written_count", 6000.0), entry("vfs_elements_run_state", 5000.0),
				entry("vfs_elements_wait_state", 10000.0), entry("vfs_read_operation_count", 2000.0),
				entry("vfs_run_length_time_count", 4000.0), entry("vfs_run_time_count", 3000.0),
				entry("vfs_wait_length_time_count", 9000.0), entry("vfs_wait_time_count", 8000.0),
				entry("vfs_write_operation_count", 7000.0));
	}

	@Test
	void aZoneThatStoppedIsNotFound() throws Exception {
		ZoneMiscCollector c = new ZoneMiscCollector(fake.handle(), zones, TTL);
		assertThat(read(c, ZONE_B)).isNotEmpty();
		String text = fake.text();
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		fake.chain(102);
		assertThatThrownBy(() -> read(c, ZONE_B)).isInstanceOf(ZoneNotFoundException.class)
			.hasMessageContaining(ZONE_B);
		assertThat(read(c, ZONE_A)).isNotEmpty();
		fake.write(text.replace("chain 100", "chain 103"));
		assertThat(read(c, ZONE_B)).as("booted again").containsEntry("cpu_user_usage", 1000.0);
	}

	@Test
	void aMissingStatisticIsAnErrorNamingTheKstat() throws Exception {
		fake.replaceLine("nsec_waitrq u64 3000", "other u64 3000");
		assertThatThrownBy(() -> read(new ZoneMiscCollector(fake.handle(), zones, TTL), ZONE_B))
			.isInstanceOf(KstatReadException.class)
			.hasMessage("kstat zones:7:b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f has no statistic 'nsec_waitrq'");
	}

	@Test
	void concurrentScrapesOfManyZonesShareTheOneHandleSafely() throws Exception {
		ZoneMiscCollector misc = new ZoneMiscCollector(fake.handle(), zones, TTL);
		LinkCollector link = new LinkCollector(fake.handle(), zones, TTL);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
			for (int t = 0; t < 8; t++) {
				boolean a = t % 2 == 0;
				runs.add(pool.submit(() -> {
					for (int i = 0; i < 100; i++) {
						if (a) {
							assertThat(read(misc, ZONE_A)).containsEntry("cpu_user_usage", 58708613676893.0);
							assertThat(read(link, ZONE_A)).hasSize(8);
						}
						else {
							assertThat(read(misc, ZONE_B)).containsEntry("cpu_user_usage", 1000.0);
							assertThat(read(link, ZONE_B)).hasSize(4);
						}
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> run : runs) {
				run.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(fake.hooks.fake_kstat_open_handles()).as("one kstat_open for all").isEqualTo(1);
	}

	@Test
	void everyZoneCollectorServesContainersOnly() {
		for (ZoneKstatCollector c : java.util.List.of(new ZoneMiscCollector(fake.handle(), zones, TTL),
				new MemcapCollector(fake.handle(), zones, TTL), new CpucapCollector(fake.handle(), zones, TTL),
				new LinkCollector(fake.handle(), zones, TTL), new ZoneTcpCollector(fake.handle(), zones, TTL),
				new ZoneVfsCollector(fake.handle(), zones, TTL))) {
			assertThat(c.scope()).as(c.name()).isEqualTo(io.containermonitor.agent.collect.Scope.CONTAINER);
			assertThat(c.ttl()).isEqualTo(TTL);
		}
	}

}
