package io.containermonitor.cns.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code dig} (Debian bind9-dnsutils) against 127.0.0.1 and a port, and
 * reads its answer. Fails (never skips) when dig is missing.
 */
public final class Dig {

	public static final String DIG = "/usr/bin/dig";

	private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");

	private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

	private final int port;

	private final List<String> options = new ArrayList<>();

	private Dig(int port) {
		this.port = port;
	}

	public static Dig at(int port) {
		assertThat(Path.of(DIG)).as("dig is needed: apt-get install bind9-dnsutils").isExecutable();
		return new Dig(port);
	}

	/** Adds dig options ({@code +noedns}, {@code -b 127.0.0.2}, ...) to every later run. */
	public Dig with(String... more) {
		Dig copy = new Dig(port);
		copy.options.addAll(options);
		copy.options.addAll(Arrays.asList(more));
		return copy;
	}

	public Result run(String... query) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(DIG, "@127.0.0.1", "-p", Integer.toString(port), "+time=2",
				"+tries=1", "+norecurse"));
		command.addAll(options);
		command.addAll(Arrays.asList(query));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(20, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("dig did not finish: " + command);
		}
		return new Result(String.join(" ", command), out);
	}

	/**
	 * dig's output.
	 *
	 * @param command what was run
	 * @param output everything it printed
	 */
	public record Result(String command, String output) {

		/** The last status in the output (after a TCP retry, the retry's), or "" if none. */
		public String status() {
			Matcher m = STATUS.matcher(output);
			String last = "";
			while (m.find()) {
				last = m.group(1);
			}
			return last;
		}

		/** The flags of the last header printed, e.g. "qr aa". */
		public String flags() {
			Matcher m = FLAGS.matcher(output);
			String last = "";
			while (m.find()) {
				last = m.group(1);
			}
			return last;
		}

		/** Records of the answer section: name, TTL, class, type, data. */
		public List<String[]> answers() {
			return section(";; ANSWER SECTION:");
		}

		public List<String[]> authority() {
			return section(";; AUTHORITY SECTION:");
		}

		/** The records of an AXFR or IXFR, in order. */
		public List<String[]> transfer() {
			return output.lines()
				.filter(line -> !line.isBlank() && !line.startsWith(";"))
				.map(line -> line.trim().split("\\s+", 5))
				.toList();
		}

		private List<String[]> section(String header) {
			List<String[]> records = new ArrayList<>();
			boolean in = false;
			for (String line : output.split("\n")) {
				if (line.startsWith(";; ") && line.endsWith("SECTION:")) {
					in = line.startsWith(header);
					if (in) {
						records.clear();
					}
				}
				else if (line.isBlank()) {
					in = false;
				}
				else if (in && !line.startsWith(";")) {
					records.add(line.trim().split("\\s+", 5));
				}
			}
			return records;
		}

		public List<String[]> answersOfType(String type) {
			return answers().stream().filter(r -> r.length > 3 && r[3].equals(type)).toList();
		}

		@Override
		public String toString() {
			return command + "\n" + output;
		}

	}

}
