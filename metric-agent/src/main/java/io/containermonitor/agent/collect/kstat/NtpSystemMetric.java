package io.containermonitor.agent.collect.kstat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * One ntpq system or system-peer value as cmon-agent exports it
 * ({@code collectors-gz/ntp.js} {@code NTP_SYSTEM_METRICS}, {@code NTP_SYSPEER_METRICS}):
 * the label ntpq prints, the metric, its type, HELP and unit conversion.
 *
 * @param label the text before the colon in ntpq's output, or the ntpd variable name of
 * {@code readvar}
 * @param metric the metric name
 * @param counter counter (else gauge)
 * @param help the HELP text
 * @param modifier unit conversion
 */
public record NtpSystemMetric(String label, String metric, boolean counter, String help,
		DoubleUnaryOperator modifier) {

	private static final DoubleUnaryOperator SAME = DoubleUnaryOperator.identity();

	private static final DoubleUnaryOperator USEC = v -> v / 1e6;

	private static final DoubleUnaryOperator MSEC = v -> v / 1e3;

	private static final DoubleUnaryOperator KIB = v -> v * 1024;

	/** Labels ntpq prints that cmon-agent reads but does not export (ignored or disabled). */
	static final Set<String> IGNORED = Set.of("reference ID", "system peer", "symm. auth. delay", "kernel status",
			"packets received", "calibration errors", "timer overruns", "calls to transmit");

	/** By ntpq label, for {@code iostats}, {@code kerninfo}, {@code monstats}, {@code sysinfo}, {@code sysstats}. */
	static final Map<String, NtpSystemMetric> BY_LABEL;

	static {
		List<NtpSystemMetric> all = List.of(
				// iostats
				c("dropped packets", "ntp_dropped_packets_total", "Number of packets dropped on reception"),
				g("free receive buffers", "ntp_free_receive_buffers_count", "Number of recvbuffs that are on the free list"),
				c("ignored packets", "ntp_ignored_packets_total", "Number packets received on wild card interface"),
				c("input wakeups", "ntp_input_wakeups_total", "Number of times interrupt handler was called for input."),
				c("low water refills", "ntp_low_water_refill_count", "Number of times ntpd has added memory"),
				c("packet send failures", "ntp_packet_send_failures_total", "Number of packets that could not be sent"),
				c("packets sent", "ntp_packet_sent_total", "Number of packets sent"),
				g("receive buffers", "ntp_receive_buffers_count", "Total number of recvbuffs currently in use"),
				c("received packets", "ntp_packet_received_total", "Number of packets received"),
				c("time since reset", "ntp_time_since_reset_seconds",
						"Number of seconds since the NTP iostats were last reset"),
				g("used receive buffers", "ntp_used_receive_buffers_count", "Number of recvbuffs that are full"),
				c("useful input wakeups", "ntp_useful_input_wakeups_total", "Number of packets received by handler"),
				// kerninfo
				c("calibration cycles", "ntp_calibration_cycles_total",
						"counts the frequency calibration intervals which are variable from 4s to 256s"),
				g("calibration interval", "ntp_calibration_interval_seconds",
						"The duration of the calibration interval (in seconds)"),
				new NtpSystemMetric("estimated error", "ntp_estimated_error_seconds", false,
						"The estimated error in the clock (in seconds)", USEC),
				g("frequency tolerance", "ntp_frequency_tolerance_ppm",
						"Determines maximum frequency error or tolerance of the CPU clock oscillator (in ppm)"),
				c("jitter exceeded", "ntp_jitter_exceeded_seconds_total",
						"Counts the seconds that have been discarded because the jitter measured by the time median filter exceeds the limit MAXTIME (100 us)"),
				new NtpSystemMetric("maximum error", "ntp_maximum_error_seconds", false,
						"The maximum error in the clock as calculated by the kernel (in seconds)", USEC),
				g("pll frequency", "ntp_frequency_offset_ppm",
						"The frequency offset of the kernel time from the pps signal (scaled ppm)"),
				new NtpSystemMetric("pll offset", "ntp_pll_offset_seconds", false,
						"This is the current offset from correct time that the kernel uses to compute any adjustment required",
						USEC),
				g("pll time constant", "ntp_pll_time_const", "This determines the bandwidth or \"stiffness\" of the PLL"),
				g("pps frequency", "ntp_pps_frequency_ppm",
						"The frequency offset produced by the frequency median filter pps_ff[] (scaled ppm)"),
				g("pps jitter", "ntp_pps_jitter_ppm",
						"The dispersion (jitter) measured by the time median filter pps_tf[] (scaled ppm)"),
				g("pps stability", "ntp_pps_stability_ppm",
						"The dispersion (wander) measured by frequency median filter pps_ff[] (scaled ppm)"),
				new NtpSystemMetric("precision", "ntp_precision", false, "Clock precision (in seconds)", USEC),
				c("stability exceeded", "ntp_stability_exceeded_seconds_total",
						"Counts the calibration intervals that have been discarded because the frequency wander exceeds the limit MAXFREQ / 4 (25 us)"),
				// monstats
				g("enabled", "ntp_mru_monitor_enabled_boolean",
						"Indicates whether or not the MRU monitoring facility is enabled"),
				g("addresses", "ntp_mru_monitor_address_count", "The number of address entries in the MRU monitoring list"),
				g("peak addresses", "ntp_mru_monitor_max_address_count",
						"The maximum number of addresses ntpd has had in the MRU monitoring list"),
				g("maximum addresses", "ntp_mru_monitor_max_address_limit",
						"The hard limit on the number of addresses ntpd can have in the MRU monitoring list"),
				g("reclaim above count", "ntp_mru_monitor_min_address_limit",
						"The floor on the count of addresses in the MRU monitoring list beneath which entries are kept without regard to their age"),
				g("reclaim older than", "ntp_mru_monitor_max_age_limit",
						"The ceiling on the age in seconds of entries. Entries older than this are reclaimed once ntp_mru_monitor_min_address_limit is exceeded"),
				new NtpSystemMetric("kilobytes", "ntp_mru_monitor_memory_bytes", false,
						"The number of bytes used by all the entries currently on the MRU monitoring list (in bytes)", KIB),
				new NtpSystemMetric("maximum kilobytes", "ntp_mru_monitor_max_memory_bytes", false,
						"The number of bytes used by all the entries on the MRU monitoring list when it was at its maximum size (in bytes)",
						KIB),
				// sysinfo (leap indicator, system peer mode and reference time are decoded by NtpqOutput)
				new NtpSystemMetric("broadcast delay", "ntp_broadcast_delay_seconds", false,
						"Broadcast client default delay (seconds)", USEC),
				g("clock jitter", "ntp_clock_jitter_ppm",
						"Clock jitter calculated by the clock discipline module (exponentially-weighted RMS average)"),
				g("clock wander", "ntp_clock_frequency_wander_ppm", "Clock frequency wander (ppm)"),
				g("leap indicator", "ntp_leap_indicator_status", "Indicates whether or not there is a leap second upcoming"),
				g("log2 precision", "ntp_precision_log2s", "The local clock precision in log2 seconds"),
				g("stratum", "ntp_stratum_number", "The current stratum of the ntpd on this host"),
				g("system jitter", "ntp_sys_jitter_ppm", "Combined system jitter (exponentially-weighted RMS average)"),
				g("system peer mode", "ntp_syspeer_mode_number", "Indicates the mode of the syspeer"),
				g("reference time", "ntp_reftime_seconds",
						"Time when the system clock was last set or corrected, in NTP timestamp format"),
				new NtpSystemMetric("root delay", "ntp_root_delay_seconds", false,
						"Total roundtrip delay to the primary reference clock", MSEC),
				new NtpSystemMetric("root dispersion", "ntp_root_dispersion_seconds", false,
						"Total dispersion to the primary reference clock", MSEC),
				// sysstats
				c("authentication failed", "ntp_authentication_failures_total", "Number of failed authentications"),
				c("bad length or format", "ntp_bad_length_or_format_total",
						"Number of packets received with bad length or malformatted"),
				c("current version", "ntp_same_version_total",
						"Number of packets received with the same version as this ntpd"),
				c("declined", "ntp_declined_total",
						"Requests denied because of incorrect group, or because this ntpd is not ready"),
				c("KoD responses", "ntp_kod_responses_total",
						"Number of times a \"Kiss of Death\" packet was sent by ntpd to a client requesting the client to slow down"),
				c("older version", "ntp_old_version_total",
						"Number of packets received with an older version than this ntpd"),
				c("processed for time", "ntp_packets_processed_total", "Number of packets received that were processed"),
				c("rate limited", "ntp_packets_rate_limited_total", "Number of packets that were rate-limited"),
				c("restricted", "ntp_access_denied_packets_total", "Number of packets rejected with \"access denied\""),
				c("sysstats reset", "ntp_sysstats_reset_seconds", "Time since system stats were last reset (in seconds)"),
				c("uptime", "ntp_uptime_seconds", "Seconds since ntpd was initialized"));
		BY_LABEL = byLabel(all);
	}

	/** The system peer's values from {@code readvar <assid>}, by ntpd variable name. */
	static final Map<String, NtpSystemMetric> SYSPEER_BY_VARIABLE;

	static {
		List<NtpSystemMetric> all = List.of(
				new NtpSystemMetric("delay", "ntp_syspeer_delay_seconds", false,
						"Total roundtrip delay between the local ntpd and the system peer", MSEC),
				new NtpSystemMetric("dispersion", "ntp_syspeer_dispersion_seconds", false,
						"Total dispersion between the local ntpd and the system peer", MSEC),
				new NtpSystemMetric("headway", "ntp_syspeer_headway_seconds", false,
						"The interval between the last packet sent or received and the next packet", USEC),
				g("hmode", "ntp_syspeer_hmode_number", "Host mode number"),
				g("hpoll", "ntp_syspeer_hpoll_interval_log2s", "The host poll interval in log2 seconds"),
				g("jitter", "ntp_syspeer_jitter_ppm", "The RMS differences relative to the lowest delay sample"),
				g("leap", "ntp_syspeer_leap_indicator_status",
						"Indicates whether or not there is a leap second upcoming on the system peer"),
				new NtpSystemMetric("offset", "ntp_syspeer_offset_seconds", false,
						"The combined offset of server relative to this host", USEC),
				g("pmode", "ntp_syspeer_pmode_number", "Peer mode number"),
				g("ppoll", "ntp_syspeer_ppoll_interval_log2s", "The peer poll interval in log2 seconds"),
				g("precision", "ntp_syspeer_precision_log2s", "The system peer's clock precision in log2 seconds"),
				g("rec", "ntp_syspeer_rec_seconds", "Time when we last receieved an update from system peer"),
				g("reftime", "ntp_syspeer_reftime_seconds",
						"Time when the system peer's clock was last set or corrected"),
				new NtpSystemMetric("rootdelay", "ntp_syspeer_root_delay_seconds", false,
						"Total roundtrip delay to the primary reference clock from the system peer", MSEC),
				new NtpSystemMetric("rootdisp", "ntp_syspeer_root_dispersion_seconds", false,
						"Total dispersion to the primary reference clock from the system peer", MSEC),
				g("stratum", "ntp_syspeer_stratum_number",
						"The stratum of the system peer that local ntpd is syncing with"),
				c("unreach", "ntp_syspeer_unreach_total", "Number of times the system peer was unreachable"),
				new NtpSystemMetric("xleave", "ntp_syspeer_xleave_seconds", false,
						"Represents the internal queuing, buffering and transmission delays in interleaved mode", USEC));
		SYSPEER_BY_VARIABLE = byLabel(all);
	}

	/** The metrics by their label, in the listed order. */
	private static Map<String, NtpSystemMetric> byLabel(List<NtpSystemMetric> all) {
		Map<String, NtpSystemMetric> map = new LinkedHashMap<>();
		all.forEach(m -> map.put(m.label(), m));
		return java.util.Collections.unmodifiableMap(map);
	}

	private static NtpSystemMetric c(String label, String metric, String help) {
		return new NtpSystemMetric(label, metric, true, help, SAME);
	}

	private static NtpSystemMetric g(String label, String metric, String help) {
		return new NtpSystemMetric(label, metric, false, help, SAME);
	}

}
