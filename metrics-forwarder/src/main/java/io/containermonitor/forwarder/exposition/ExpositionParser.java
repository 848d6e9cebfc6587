package io.containermonitor.forwarder.exposition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.Sample;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4. One bad line fails
 * the whole answer with its line number: a half-read scrape would forward a
 * misleading subset. The {@code # TYPE} lines give each sample its family (a
 * histogram's {@code _bucket}, {@code _sum} and {@code _count} belong to the
 * histogram), which the OTLP sink needs. Stateless and thread-safe.
 */
public final class ExpositionParser {

	private static final Pattern VALUE = Pattern
		.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:Inf|inf)|NaN");

	private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]{1,19}");

	private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

	/** Parses a whole scrape answer into its samples. */
	public List<Sample> parse(String text) throws MalformedExpositionException {
		return read(text).samples();
	}

	/** Parses a whole scrape answer into its samples and their families. */
	public Exposition read(String text) throws MalformedExpositionException {
		List<Sample> samples = new ArrayList<>();
		Map<String, MetricType> typed = new HashMap<>();
		Map<String, SampleFamily> families = new HashMap<>();
		SampleFamily current = null;
		Set<String> helped = new HashSet<>();
		Set<SeriesKey> seen = new HashSet<>();
		int lineNumber = 0;
		int start = 0;
		int length = text.length();
		while (start < length) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				end = length;
			}
			lineNumber++;
			String line = text.substring(start, end);
			start = end + 1;
			if (line.isBlank()) {
				continue;
			}
			if (line.charAt(0) == '#') {
				SampleFamily declared = comment(line, lineNumber, typed, helped);
				if (declared != null) {
					current = declared;
				}
				continue;
			}
			Sample sample = new LineReader(line, lineNumber).sample();
			if (!seen.add(new SeriesKey(sample.name(), sample.labels()))) {
				throw new MalformedExpositionException(lineNumber, "duplicate series " + sample.name() + sample.labels());
			}
			samples.add(sample);
			if (current != null && current.owns(sample.name())) {
				families.putIfAbsent(sample.name(), current);
			}
			else if (typed.containsKey(sample.name())) {
				families.putIfAbsent(sample.name(), new SampleFamily(sample.name(), typed.get(sample.name())));
			}
		}
		return new Exposition(samples, families);
	}

	/** @return the family a TYPE line declares, or null for any other comment */
	private static SampleFamily comment(String line, int lineNumber, Map<String, MetricType> typed, Set<String> helped)
			throws MalformedExpositionException {
		String[] parts = line.substring(1).stripLeading().split("[ \t]+", 3);
		if (parts[0].equals("TYPE")) {
			if (parts.length < 3 || !isMetricName(parts[1]) || !TYPES.contains(parts[2].strip())) {
				throw new MalformedExpositionException(lineNumber, "bad TYPE line");
			}
			MetricType type = MetricType.valueOf(parts[2].strip().toUpperCase(java.util.Locale.ROOT));
			if (typed.putIfAbsent(parts[1], type) != null) {
				throw new MalformedExpositionException(lineNumber, "second TYPE line for " + parts[1]);
			}
			return new SampleFamily(parts[1], type);
		}
		else if (parts[0].equals("HELP")) {
			if (parts.length < 2 || !isMetricName(parts[1])) {
				throw new MalformedExpositionException(lineNumber, "bad HELP line");
			}
			if (!helped.add(parts[1])) {
				throw new MalformedExpositionException(lineNumber, "second HELP line for " + parts[1]);
			}
		}
		// Any other comment is ignored, as the format allows.
		return null;
	}

	/** A series' identity: its name and label set (in any order). */
	private record SeriesKey(String name, Map<String, String> labels) {
	}

	static boolean isMetricName(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
			if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
				return false;
			}
		}
		return true;
	}

	/** Reads one sample line left to right. */
	private static final class LineReader {

		private final String line;

		private final int lineNumber;

		private int pos;

		LineReader(String line, int lineNumber) {
			this.line = line;
			this.lineNumber = lineNumber;
		}

		Sample sample() throws MalformedExpositionException {
			skipBlanks();
			String name = name(true);
			Map<String, String> labels = Map.of();
			if (pos < line.length() && line.charAt(pos) == '{') {
				pos++;
				labels = labels(name);
			}
			if (pos >= line.length() || !isBlank(line.charAt(pos))) {
				throw fail("expected a blank and a value after " + name);
			}
			skipBlanks();
			String value = token();
			if (!VALUE.matcher(value).matches()) {
				throw fail("bad value '" + value + "'");
			}
			skipBlanks();
			Long timestamp = null;
			if (pos < line.length()) {
				String stamp = token();
				if (!TIMESTAMP.matcher(stamp).matches()) {
					throw fail("bad timestamp '" + stamp + "'");
				}
				timestamp = Long.parseLong(stamp);
				skipBlanks();
				if (pos < line.length()) {
					throw fail("unexpected text after the timestamp");
				}
			}
			return new Sample(name, labels, parseValue(value), timestamp);
		}

		private Map<String, String> labels(String metric) throws MalformedExpositionException {
			Map<String, String> labels = new LinkedHashMap<>();
			while (true) {
				skipBlanks();
				if (pos >= line.length()) {
					throw fail("unterminated label set of " + metric);
				}
				if (line.charAt(pos) == '}') {
					pos++;
					return labels;
				}
				String label = name(false);
				skipBlanks();
				expect('=');
				skipBlanks();
				expect('"');
				String value = quoted();
				if (labels.put(label, value) != null) {
					throw fail("label " + label + " repeated");
				}
				skipBlanks();
				if (pos < line.length() && line.charAt(pos) == ',') {
					pos++;
				}
				else if (pos >= line.length() || line.charAt(pos) != '}') {
					throw fail("expected ',' or '}' after label " + label);
				}
			}
		}

		private String quoted() throws MalformedExpositionException {
			StringBuilder value = new StringBuilder();
			while (pos < line.length()) {
				char c = line.charAt(pos++);
				if (c == '"') {
					return value.toString();
				}
				if (c == '\\') {
					if (pos >= line.length()) {
						break;
					}
					char escaped = line.charAt(pos++);
					switch (escaped) {
						case '\\' -> value.append('\\');
						case '"' -> value.append('"');
						case 'n' -> value.append('\n');
						default -> throw fail("invalid escape '\\" + escaped + "' in a label value");
					}
				}
				else {
					value.append(c);
				}
			}
			throw fail("unterminated label value");
		}

		private String name(boolean metric) throws MalformedExpositionException {
			int begin = pos;
			while (pos < line.length()) {
				char c = line.charAt(pos);
				boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':')
						|| (pos > begin && c >= '0' && c <= '9');
				if (!ok) {
					break;
				}
				pos++;
			}
			if (pos == begin) {
				throw fail(metric ? "expected a metric name" : "expected a label name");
			}
			return line.substring(begin, pos);
		}

		private String token() {
			int begin = pos;
			while (pos < line.length() && !isBlank(line.charAt(pos))) {
				pos++;
			}
			return line.substring(begin, pos);
		}

		private void expect(char c) throws MalformedExpositionException {
			if (pos >= line.length() || line.charAt(pos) != c) {
				throw fail("expected '" + c + "'");
			}
			pos++;
		}

		private void skipBlanks() {
			while (pos < line.length() && isBlank(line.charAt(pos))) {
				pos++;
			}
		}

		private static boolean isBlank(char c) {
			return c == ' ' || c == '\t';
		}

		private MalformedExpositionException fail(String problem) {
			return new MalformedExpositionException(lineNumber, problem + " (column " + (pos + 1) + ")");
		}

		private static double parseValue(String value) {
			return switch (value) {
				case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
				case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(value);
			};
		}

	}

}
