package io.containermonitor.core.prom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4, the
 * format every scraper the suite serves understands. Names are checked, so a bad
 * one fails here with its name instead of breaking a whole scrape at the reader.
 */
public final class PrometheusTextWriter {

	/** The {@code Content-Type} of this format. */
	public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

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

	public static boolean isValidMetricName(String name) {
		return name != null && METRIC_NAME.matcher(name).matches();
	}

	public static boolean isValidLabelName(String name) {
		return name != null && LABEL_NAME.matcher(name).matches() && !name.startsWith("__");
	}

	public void write(MetricFamily family) {
		requireMetricName(family.name());
		try {
			out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
			out.append("# TYPE ").append(family.name()).append(' ').append(family.type().wireName()).append('\n');
			for (Sample sample : family.samples()) {
				writeSample(sample);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void writeSample(Sample sample) throws IOException {
		requireMetricName(sample.name());
		out.append(sample.name());
		if (!sample.labels().isEmpty()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, String> label : sample.labels().entrySet()) {
				if (!isValidLabelName(label.getKey())) {
					throw new IllegalArgumentException(
							"invalid label name '" + label.getKey() + "' on metric " + sample.name());
				}
				if (!first) {
					out.append(',');
				}
				first = false;
				out.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
			}
			out.append('}');
		}
		out.append(' ').append(formatValue(sample.value()));
		if (sample.timestampMillis() != null) {
			out.append(' ').append(Long.toString(sample.timestampMillis()));
		}
		out.append('\n');
	}

	private static void requireMetricName(String name) {
		if (!isValidMetricName(name)) {
			throw new IllegalArgumentException("invalid metric name '" + name + "'");
		}
	}

	/** Label values escape backslash, double quote and line feed. */
	static String escapeLabelValue(String value) {
		if (value == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '"' -> escaped.append("\\\"");
				case '\n' -> escaped.append("\\n");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/** HELP text escapes only backslash and line feed. */
	static String escapeHelp(String help) {
		return help.replace("\\", "\\\\").replace("\n", "\\n");
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
