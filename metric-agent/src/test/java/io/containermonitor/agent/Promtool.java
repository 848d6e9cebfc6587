package io.containermonitor.agent;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.containermonitor.agent.collect.TritonNames;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Runs the real {@code promtool check metrics} on exposition text; a missing promtool fails the test. */
public final class Promtool {

	private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	/** promtool's lint findings about a name's suffix ({@code _total}, {@code _count}). */
	private static final Pattern SUFFIX_LINT = Pattern.compile("^(\\S+) .*metrics should (not )?have \"_(total|count)\" suffix$");

	private Promtool() {
	}

	private static boolean isTritonCounterName(String line) {
		Matcher lint = SUFFIX_LINT.matcher(line.trim());
		return lint.matches() && TritonNames.isExact(lint.group(1));
	}

	/**
	 * Asserts exit 0 and no lint output but the suffix findings Triton's own names draw
	 * (a counter without {@code _total}, a {@code _count} that is no histogram), for exactly
	 * the names cmon-agent uses ({@link TritonNames}).
	 */
	public static void assertClean(String exposition) {
		if (!Files.isExecutable(PROMTOOL)) {
			fail("promtool is missing at " + PROMTOOL + ": install the Debian package 'prometheus'");
		}
		try {
			Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
			try (OutputStream in = p.getOutputStream()) {
				in.write(exposition.getBytes(StandardCharsets.UTF_8));
			}
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
			List<String> findings = out.lines().filter(line -> !isTritonCounterName(line)).toList();
			assertThat(findings).as("promtool output for:\n" + exposition).isEmpty();
			int lintOnly = 3;
			assertThat(p.exitValue()).as("promtool exit code (%s)", out)
				.isIn(0, out.isEmpty() ? 0 : lintOnly);
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
