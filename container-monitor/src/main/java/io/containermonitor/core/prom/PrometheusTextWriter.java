package io.containermonitor.core.prom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4, the
 * format every scraper the suite serves understands. Names are checked, so a bad
 * one fails here with its name instead of breaking a whole scrape at the reader.
 * <p>
 * A family is written whole ({@link #write(MetricFamily)}) or streamed: its header
 * ({@link #family}) and then its samples ({@link #sample}), which is what a caller
 * that renders often (the agent, every container every interval) uses, so that no
 * family or sample objects are built just to be written once.
 */
public final class PrometheusTextWriter {

	/** The {@code Content-Type} of this format. */
	public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private final Appendable out;

	public PrometheusTextWriter(Appendable out) {
		this.out = out;
	}

	public static String toText(Iterable<MetricFamily> families) {
		StringBuilder text = new StringBuilder();
		PrometheusTextWriter writer = new PrometheusTextWriter(text);
		families.forEach(writer::write);
		return text.toString();
	}

	/** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, checked by hand: it runs for every sample written. */
	public static boolean isValidMetricName(String name) {
		if (name == null || name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
			if (!letter && (i == 0 || c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	/** {@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with the reserved {@code __}. */
	public static boolean isValidLabelName(String name) {
		if (name == null || name.isEmpty() || name.startsWith("__")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
			if (!letter && (i == 0 || c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	public void write(MetricFamily family) {
		family(family.name(), family.type(), family.help());
		for (Sample sample : family.samples()) {
			sample(sample.name(), sample.labels(), sample.value(), sample.timestampMillis());
		}
	}

	/** A family's {@code # HELP} and {@code # TYPE} lines; its samples follow with {@link #sample}. */
	public void family(String name, MetricType type, String help) {
		requireMetricName(name);
		try {
			out.append("# HELP ").append(name).append(' ');
			appendHelp(help);
			out.append('\n');
			out.append("# TYPE ").append(name).append(' ').append(type.wireName()).append('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One sample line, its labels in the map's order, without a timestamp. */
	public void sample(String name, Map<String, String> labels, double value) {
		sample(name, labels, value, null);
	}

	private void sample(String name, Map<String, String> labels, double value, Long timestampMillis) {
		requireMetricName(name);
		try {
			out.append(name);
			if (!labels.isEmpty()) {
				out.append('{');
				boolean first = true;
				for (Map.Entry<String, String> label : labels.entrySet()) {
					if (!isValidLabelName(label.getKey())) {
						throw new IllegalArgumentException(
								"invalid label name '" + label.getKey() + "' on metric " + name);
					}
					if (!first) {
						out.append(',');
					}
					first = false;
					out.append(label.getKey()).append("=\"");
					appendLabelValue(label.getValue());
					out.append('"');
				}
				out.append('}');
			}
			out.append(' ').append(formatValue(value));
			if (timestampMillis != null) {
				out.append(' ').append(Long.toString(timestampMillis));
			}
			out.append('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void requireMetricName(String name) {
		if (!isValidMetricName(name)) {
			throw new IllegalArgumentException("invalid metric name '" + name + "'");
		}
	}

	/** Label values escape backslash, double quote and line feed. */
	private void appendLabelValue(String value) throws IOException {
		if (value == null) {
			return;
		}
		int from = 0;
		for (int i = 0; i < value.length(); i++) {
			String escape = switch (value.charAt(i)) {
				case '\\' -> "\\\\";
				case '"' -> "\\\"";
				case '\n' -> "\\n";
				default -> null;
			};
			if (escape != null) {
				out.append(value, from, i).append(escape);
				from = i + 1;
			}
		}
		out.append(value, from, value.length());
	}

	/** HELP text escapes only backslash and line feed. */
	static String escapeHelp(String help) {
		StringBuilder escaped = new StringBuilder();
		try {
			new PrometheusTextWriter(escaped).appendHelp(help);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return escaped.toString();
	}

	private void appendHelp(String help) throws IOException {
		int from = 0;
		for (int i = 0; i < help.length(); i++) {
			char c = help.charAt(i);
			if (c == '\\' || c == '\n') {
				out.append(help, from, i).append(c == '\\' ? "\\\\" : "\\n");
				from = i + 1;
			}
		}
		out.append(help, from, help.length());
	}

	static String formatValue(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "+Inf" : "-Inf";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

}
