package io.containermonitor.agent;

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

	private Promtool() {
	}

	/** Asserts exit 0 and no lint output. */
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
			assertThat(out).as("promtool output for:\n" + exposition).isEmpty();
			assertThat(p.exitValue()).as("promtool exit code").isZero();
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
