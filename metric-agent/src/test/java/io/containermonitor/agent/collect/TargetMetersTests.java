package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How one target's readings are written. */
class TargetMetersTests {

	private final TargetMeters meters = new TargetMeters();

	private static ReadingCache.Lookup outcome(String collector, boolean cached, Reading... readings) {
		return new ReadingCache.Lookup(
				new Outcome(collector, true, List.of(readings), List.of(), 0.25, Duration.ofSeconds(10)), cached);
	}

	@Test
	void countersGetTotalOnceFamiliesAreSortedAndEachCollectorHasItsMetaGauges() {
		meters.apply(outcome("memory", true, new Reading("pids_current", Map.of(), "Processes", false, 3),
				new Reading("memory_page_faults", Map.of(), "Page faults", true, 7),
				new Reading("cpucap_above_seconds_total", Map.of(), "Throttled", true, 1.5)));
		assertThat(meters.render()).isEqualTo("""
				# HELP cpucap_above_seconds_total Throttled
				# TYPE cpucap_above_seconds_total counter
				cpucap_above_seconds_total 1.5
				# HELP memory_metrics_available_boolean Whether the memory collector obtained data (1) or not (0)
				# TYPE memory_metrics_available_boolean gauge
				memory_metrics_available_boolean 1
				# HELP memory_metrics_cached_boolean Whether the memory collector's data came from the cache (1) or not (0)
				# TYPE memory_metrics_cached_boolean gauge
				memory_metrics_cached_boolean 1
				# HELP memory_metrics_timer_seconds Seconds the memory collector took to obtain its data
				# TYPE memory_metrics_timer_seconds gauge
				memory_metrics_timer_seconds 0.25
				# HELP memory_page_faults_total Page faults
				# TYPE memory_page_faults_total counter
				memory_page_faults_total 7
				# HELP pids_current Processes
				# TYPE pids_current gauge
				pids_current 3
				""");
	}

	@Test
	void aSeriesTwoCollectorsReportIsWrittenOnceWithSortedEscapedLabels() {
		Map<String, String> labels = Map.of("zone", "a\"b", "interface", "eth0");
		meters.apply(outcome("net", false, new Reading("net_up", labels, "Up", false, 1),
				new Reading("net_up", Map.of("interface", "eth1", "zone", "z"), "Up", false, 0)));
		meters.apply(outcome("other", false, new Reading("net_up", labels, "Up", false, 5)));
		assertThat(meters.render()).contains("""
				# TYPE net_up gauge
				net_up{interface="eth0",zone="a\\"b"} 1
				net_up{interface="eth1",zone="z"} 0
				""").containsOnlyOnce("net_up{interface=\"eth0\"");
	}

	@Test
	void aCollectorNoLongerRunLeavesNoMetricsBehindAndANewOutcomeReplacesTheOld() {
		meters.apply(outcome("plugin_x", false, new Reading("x_value", Map.of(), "X", false, 1)));
		meters.apply(outcome("cpu", false, new Reading("cpu_periods", Map.of(), "Periods", true, 10)));
		meters.apply(outcome("cpu", true, new Reading("cpu_periods", Map.of(), "Periods", true, 12)));
		meters.retain(Set.of("cpu"));
		assertThat(meters.render()).contains("cpu_periods_total 12", "cpu_metrics_cached_boolean 1")
			.doesNotContain("cpu_periods_total 10", "x_value", "plugin_x");
	}

}
