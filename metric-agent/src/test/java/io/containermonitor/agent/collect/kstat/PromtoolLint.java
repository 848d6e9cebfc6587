package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.containermonitor.agent.collect.TritonNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code promtool check metrics} with the framework's rule for cmon-agent's own names
 * (the agent's {@code Promtool}): the only findings allowed are the suffix lints that
 * Triton's names draw, for the names the framework writes exactly ({@link TritonNames})
 * and for cmon-agent's gauges ending in {@code _count} that this backend adds
 * ({@link #CMON_COUNT_GAUGES}, not in {@code TritonNames} yet). A parse error (exit 1) or
 * any other finding fails; a missing promtool fails the test.
 */
final class PromtoolLint {

	/** cmon-agent's gauges whose names end in {@code _count}, which promtool lints. */
	static final Set<String> CMON_COUNT_GAUGES = Set.of("cpucap_waiting_threads_count",
			"ntp_free_receive_buffers_count", "ntp_mru_monitor_address_count", "ntp_mru_monitor_max_address_count",
			"ntp_peer_last8_polls_failure_count", "ntp_receive_buffers_count", "ntp_used_receive_buffers_count");

	private static final Pattern SUFFIX_LINT = Pattern
		.compile("^(\\S+) .*metrics should (not )?have \"_(total|count)\" suffix$");

	private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	private PromtoolLint() {
	}

	/** Whether a promtool finding is a suffix lint on one of cmon-agent's own names. */
	static boolean isCmonName(String finding) {
		Matcher m = SUFFIX_LINT.matcher(finding.trim());
		return m.matches() && (TritonNames.isExact(m.group(1)) || CMON_COUNT_GAUGES.contains(m.group(1)));
	}

	static void assertClean(String exposition) {
		if (!Files.isExecutable(PROMTOOL)) {
			fail("promtool is missing at " + PROMTOOL + ": install the Debian package 'prometheus'");
		}
		try {
			Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
			try (OutputStream in = p.getOutputStream()) {
				in.write(exposition.getBytes(StandardCharsets.UTF_8));
			}
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
			List<String> others = out.lines().filter(line -> !isCmonName(line)).toList();
			assertThat(others).as("promtool findings other than cmon-agent's names, for:%n%s", exposition).isEmpty();
			assertThat(p.exitValue()).as("promtool exit (3 = lint only): %s", out).isIn(out.isEmpty() ? 0 : 3);
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run promtool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
