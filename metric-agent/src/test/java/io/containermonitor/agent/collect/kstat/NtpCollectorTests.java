package io.containermonitor.agent.collect.kstat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.containermonitor.agent.collect.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.KstatReadings.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The ntp collector's peer and sysinfo parsing against a stand-in ntpq printing ntpq 4.2.8 output. */
class NtpCollectorTests {

	static final String APEERS = """
			     remote       refid   assid  st t when poll reach   delay   offset  jitter
			==============================================================================
			*10.0.0.1        8a27170d 12345  3 u  621 1024  377    0.412   -0.035   0.021
			+10.0.0.2        .GPS.    12346  1 u   45 1024  377    1.233    0.117   0.044
			 10.0.0.3        .INIT.   12347 16 u    - 1024    0    0.000    0.000   0.000
			-192.168.1.5     c0a80101 12348  2 u   2h 1024  376   25.101   -3.442   1.012
			this is not a peer line
			""";

	/** {@code ntpq -c iostats -c kerninfo -c monstats -c sysinfo -c sysstats} of ntpq 4.2.8. */
	static final String SYSTEM = """
			time since reset:       1065
			receive buffers:        10
			free receive buffers:   9
			used receive buffers:   0
			low water refills:      1
			dropped packets:        0
			ignored packets:        0
			received packets:       66
			packets sent:           97
			packet send failures:   0
			input wakeups:          3223
			useful input wakeups:   66
			associd=0 status=0615 leap_none, sync_ntp, 1 event, clock_sync,
			pll offset:            -40.893
			pll frequency:         -2.493
			maximum error:         13052
			estimated error:       118
			kernel status:         pll nano
			pll time constant:     6
			precision:             1
			frequency tolerance:   500
			pps frequency:         0.000
			pps stability:         0.000
			pps jitter:            0.000
			calibration interval   4
			calibration cycles:    0
			jitter exceeded:       0
			stability exceeded:    0
			calibration errors:    0
			enabled:                0x3
			addresses:              4
			peak addresses:         4
			maximum addresses:      8738
			reclaim above count:    600
			reclaim older than:     64
			kilobytes:              1
			maximum kilobytes:      576
			associd=0 status=0615 leap_none, sync_ntp, 1 event, clock_sync,
			system peer:        10.0.0.1:123
			system peer mode:   client
			leap indicator:     00
			stratum:            4
			log2 precision:     -23
			root delay:         25.762
			root dispersion:    40.466
			reference ID:       10.0.0.1
			reference time:     e3a8f2c1.80000000  Wed, Jan 13 2021 19:38:41.500
			system jitter:      0.331286
			clock jitter:       0.534
			clock wander:       0.008
			broadcast delay:    -50.000
			symm. auth. delay:  0.000
			uptime:                 1065
			sysstats reset:         1065
			packets received:       130
			current version:        66
			older version:          0
			bad length or format:   0
			authentication failed:  0
			declined:               0
			restricted:             0
			rate limited:           0
			KoD responses:          0
			processed for time:     66
			associd=12345 status=961a conf, reach, sel_sys.peer, 1 event, popcorn,
			srcadr=10.0.0.1, srcport=123, dstadr=10.0.0.10, dstport=123, leap=00,
			stratum=3, precision=-23, rootdelay=24.338, rootdisp=30.442,
			refid=10.0.0.254,
			reftime=e3a8f1b2.40000000  Wed, Jan 13 2021 19:34:10.250,
			rec=e3a8f2c1.c0000000  Wed, Jan 13 2021 19:38:41.750, reach=377,
			unreach=2, hmode=3, pmode=4, hpoll=10, ppoll=10, headway=0, flash=00 ok,
			keyid=0, offset=-35, delay=0.412, dispersion=15.529, jitter=0.021,
			xleave=17,
			filtdelay=     0.41    0.45    0.43    0.42    0.44    0.47    0.43    0.41,
			filtoffset=   -0.04   -0.02   -0.03   -0.05   -0.01   -0.02   -0.03   -0.04,
			filtdisp=      0.00   15.38   30.76   46.14   61.52   76.90   92.28  107.66
			""";

	@TempDir
	Path dir;

	private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10), 1 << 20);

	private final CommandOutputFailures failures = new CommandOutputFailures();

	@AfterEach
	void close() {
		runner.close();
	}

	private Path ntpq(String apeers, String sysinfo, int status) throws Exception {
		return new FakeCommands(dir).ntpq(apeers, sysinfo, status);
	}

	@Test
	void peersAndSystem() throws Exception {
		NtpCollector c = new NtpCollector(runner, ntpq(APEERS, SYSTEM, 0).toString(), failures,
				Duration.ofSeconds(64));
		Map<String, Double> v = read(c, Target.node());
		assertThat(v).contains(entry("ntp_peer_state{remote=10.0.0.1}", 6.0),
				entry("ntp_peer_state{remote=10.0.0.2}", 4.0), entry("ntp_peer_state{remote=10.0.0.3}", 0.0),
				entry("ntp_peer_state{remote=192.168.1.5}", 3.0),
				entry("ntp_peer_refid_number{remote=10.0.0.1}", 0.0),
				entry("ntp_peer_refid_number{remote=10.0.0.2}", 12.0),
				entry("ntp_peer_refid_number{remote=10.0.0.3}", 14.0),
				entry("ntp_peer_delay_seconds{remote=10.0.0.1}", 0.000412),
				entry("ntp_peer_offset_seconds{remote=192.168.1.5}", -0.003442),
				entry("ntp_peer_jitter_ppm{remote=192.168.1.5}", 1.012),
				entry("ntp_peer_poll_interval_seconds{remote=10.0.0.1}", 1024.0),
				entry("ntp_peer_last8_polls_failure_count{remote=10.0.0.1}", 0.0),
				entry("ntp_peer_last8_polls_failure_count{remote=10.0.0.3}", 8.0),
				entry("ntp_peer_last8_polls_failure_count{remote=192.168.1.5}", 1.0),
				entry("ntp_peer_connection_type{remote=10.0.0.1}", 0.0),
				entry("ntp_peer_stratum_number{remote=10.0.0.3}", 16.0),
				entry("ntp_peer_last_query_seconds{remote=10.0.0.1}", 621.0),
				entry("ntp_peer_last_query_seconds{remote=10.0.0.3}", -1.0),
				entry("ntp_peer_last_query_seconds{remote=192.168.1.5}", 7200.0));
		assertThat(v).contains(entry("ntp_syspeer_mode_number", 2.0), entry("ntp_leap_indicator_status", 0.0),
				entry("ntp_stratum_number", 4.0), entry("ntp_precision_log2s", -23.0),
				entry("ntp_root_delay_seconds", 0.025762), entry("ntp_root_dispersion_seconds", 0.040466),
				entry("ntp_reftime_seconds", 3819500225.5), entry("ntp_sys_jitter_ppm", 0.331286),
				entry("ntp_clock_jitter_ppm", 0.534), entry("ntp_clock_frequency_wander_ppm", 0.008),
				entry("ntp_broadcast_delay_seconds", -0.00005));
		assertThat(v).contains(entry("ntp_time_since_reset_seconds", 1065.0), entry("ntp_packet_sent_total", 97.0),
				entry("ntp_useful_input_wakeups_total", 66.0), entry("ntp_pll_offset_seconds", -40.893e-6),
				entry("ntp_maximum_error_seconds", 0.013052), entry("ntp_precision", 1e-6),
				entry("ntp_calibration_interval_seconds", 4.0), entry("ntp_mru_monitor_enabled_boolean", 3.0),
				entry("ntp_mru_monitor_max_memory_bytes", 576.0 * 1024), entry("ntp_uptime_seconds", 1065.0),
				entry("ntp_packets_processed_total", 66.0), entry("ntp_kod_responses_total", 0.0));
		assertThat(v).contains(entry("ntp_syspeer_delay_seconds", 0.412 / 1000),
				entry("ntp_syspeer_dispersion_seconds", 15.529 / 1000), entry("ntp_syspeer_headway_seconds", 0.0),
				entry("ntp_syspeer_hmode_number", 3.0), entry("ntp_syspeer_hpoll_interval_log2s", 10.0),
				entry("ntp_syspeer_jitter_ppm", 0.021), entry("ntp_syspeer_leap_indicator_status", 0.0),
				entry("ntp_syspeer_offset_seconds", -35 / 1e6), entry("ntp_syspeer_pmode_number", 4.0),
				entry("ntp_syspeer_ppoll_interval_log2s", 10.0), entry("ntp_syspeer_precision_log2s", -23.0),
				entry("ntp_syspeer_rec_seconds", 3819500225.75), entry("ntp_syspeer_reftime_seconds", 3819499954.25),
				entry("ntp_syspeer_root_delay_seconds", 24.338 / 1000), entry("ntp_syspeer_root_dispersion_seconds", 30.442 / 1000),
				entry("ntp_syspeer_stratum_number", 3.0), entry("ntp_syspeer_unreach_total", 2.0),
				entry("ntp_syspeer_xleave_seconds", 17 / 1e6));
		assertThat(v).doesNotContainKeys("ntp_packets_received_total", "ntp_kernel_status", "ntp_authentication_delay",
				"ntp_syspeer_key_id_number");
		assertThat(v).as("4 peers x 10, 12 iostats + 14 kerninfo + 8 monstats + 11 sysinfo + 11 sysstats, 18 syspeer")
			.hasSize(4 * 10 + 56 + 18);
		assertThat(new FakeCommands(dir).args("ntpq")).isEqualTo(
				"-n\n-c\niostats\n-c\nkerninfo\n-c\nmonstats\n-c\nsysinfo\n-c\nsysstats\n-c\nreadvar 12345\n");
		assertThat(failures.counts()).containsExactly(entry("ntpq", 1L));
	}

	@Test
	void unknownLabelsAndBadValuesAreRejected() {
		ParsedLines<NtpqOutput.Reading> p = NtpqOutput.parseSystem("stratum: 2\nnew thing: 5\ngarbage\nuptime: soon\n");
		assertThat(p.records()).extracting(r -> r.metric().metric(), NtpqOutput.Reading::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("ntp_stratum_number", 2.0));
		assertThat(p.rejected()).extracting(ParsedLines.Rejected::reason)
			.containsExactly("unknown ntpq label 'new thing'", "not 'label: value'", "bad value: For input string: \"soon\"");
	}

	@Test
	void ntpdDownMakesTheCollectorUnavailable() throws Exception {
		NtpCollector c = new NtpCollector(runner, ntpq("", "", 1).toString(), failures, Duration.ofSeconds(64));
		assertThatThrownBy(() -> read(c, Target.node())).isInstanceOf(CommandException.class)
			.hasMessage("ntpq -n -c apeers printed no peer table (ntpd down?): ''");
	}

	@Test
	void withoutASystemPeerNoReadvarIsAsked() throws Exception {
		String noSyspeer = APEERS.replace("*10.0.0.1", "+10.0.0.1");
		NtpCollector c = new NtpCollector(runner, ntpq(noSyspeer, SYSTEM.substring(0, SYSTEM.indexOf("associd=12345")), 0)
			.toString(), failures, Duration.ofSeconds(64));
		assertThat(read(c, Target.node())).doesNotContainKey("ntp_syspeer_stratum_number")
			.containsEntry("ntp_peer_state{remote=10.0.0.1}", 4.0);
		assertThat(new FakeCommands(dir).args("ntpq")).doesNotContain("readvar");
	}

}
