package io.containermonitor.agent.collect.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.prom.Sample;

/**
 * Parses plugin output in cmon-agent's two formats (reference 4): tab-separated
 * {@code name<TAB>type<TAB>value[<TAB>help]} lines, and the Prometheus text format (a
 * plugin whose file name contains {@code .prom}). Every metric gets the
 * {@code plugin_<name>_} prefix, on samples as well as on HELP and TYPE (cmon-agent
 * prefixed only the latter, reference 9.6), and counters a {@code _total} suffix when
 * they lack one. Any bad line rejects the whole output.
 */
public final class PluginOutputParser {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private PluginOutputParser() {
	}

	public static PluginOutput parse(String plugin, String prefix, boolean prom, String text)
			throws PluginOutputException {
		return prom ? parseProm(plugin, prefix, text) : parseTab(plugin, prefix, text);
	}

	static PluginOutput parseTab(String plugin, String prefix, String text) throws PluginOutputException {
		Map<String, FamilyBuilder> families = new LinkedHashMap<>();
		Duration ttl = null;
		for (String line : text.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t");
			if (f.length < 3 || f.length > 4) {
				throw new PluginOutputException(plugin, "not 'name<TAB>type<TAB>value[<TAB>help]': '" + line + "'");
			}
			String type = f[1].trim();
			double value = number(plugin, f[2].trim());
			if (type.equals("option")) {
				if (f[0].trim().equals("ttl")) {
					ttl = Duration.ofSeconds((long) value);
				}
				continue;
			}
			MetricType metricType = switch (type) {
				case "counter" -> MetricType.COUNTER;
				case "gauge" -> MetricType.GAUGE;
				default -> throw new PluginOutputException(plugin, "type must be counter, gauge or option: '" + type + "'");
			};
			SampleText s = SampleText.parse(plugin, prefix + f[0].trim() + " 0");
			String help = f.length == 4 && !f[3].isBlank() ? f[3].trim() : s.name();
			FamilyBuilder fb = families.computeIfAbsent(s.name(), n -> new FamilyBuilder(n, metricType, help));
			if (fb.type != metricType) {
				throw new PluginOutputException(plugin, "metric " + s.name() + " given two types");
			}
			fb.samples.add(Sample.of(s.name(), s.labels(), value));
		}
		return new PluginOutput(families.values().stream().map(FamilyBuilder::build).toList(), ttl);
	}

	static PluginOutput parseProm(String plugin, String prefix, String text) throws PluginOutputException {
		Map<String, FamilyBuilder> families = new LinkedHashMap<>();
		Map<String, String> helps = new LinkedHashMap<>();
		Duration ttl = null;
		for (String raw : text.split("\n")) {
			String line = raw.trim();
			if (line.isEmpty()) {
				continue;
			}
			if (line.startsWith("#")) {
				String[] f = line.split("\\s+", 4);
				if (f.length >= 4 && f[1].equals("OPTION") && f[2].equals("ttl")) {
					ttl = Duration.ofSeconds((long) number(plugin, f[3].trim()));
				}
				else if (f.length >= 4 && f[1].equals("TYPE")) {
					String name = prefix + f[2];
					MetricType type = switch (f[3].trim()) {
						case "counter" -> MetricType.COUNTER;
						case "gauge" -> MetricType.GAUGE;
						case "histogram" -> MetricType.HISTOGRAM;
						default -> throw new PluginOutputException(plugin, "unsupported TYPE '" + f[3].trim() + "'");
					};
					requireName(plugin, name);
					families.put(name, new FamilyBuilder(name, type, helps.getOrDefault(name, name)));
				}
				else if (f.length >= 3 && f[1].equals("HELP")) {
					String name = prefix + f[2];
					String help = f.length == 4 ? f[3] : name;
					helps.put(name, help);
					FamilyBuilder existing = families.get(name);
					if (existing != null) {
						existing.help = help;
					}
				}
				continue;
			}
			SampleText s = SampleText.parse(plugin, prefix + line);
			FamilyBuilder family = familyOf(families, s.name());
			if (family == null) {
				throw new PluginOutputException(plugin, "sample " + s.name() + " has no # TYPE line");
			}
			family.samples.add(Sample.of(s.name(), s.labels(), s.value()));
		}
		return new PluginOutput(families.values().stream().map(FamilyBuilder::build).toList(), ttl);
	}

	private static FamilyBuilder familyOf(Map<String, FamilyBuilder> families, String sample) {
		FamilyBuilder exact = families.get(sample);
		if (exact != null) {
			return exact;
		}
		for (String suffix : List.of("_bucket", "_sum", "_count")) {
			if (sample.endsWith(suffix)) {
				FamilyBuilder h = families.get(sample.substring(0, sample.length() - suffix.length()));
				if (h != null && h.type == MetricType.HISTOGRAM) {
					return h;
				}
			}
		}
		return null;
	}

	private static void requireName(String plugin, String name) throws PluginOutputException {
		if (!NAME.matcher(name).matches()) {
			throw new PluginOutputException(plugin, "invalid metric name '" + name + "'");
		}
	}

	private static double number(String plugin, String text) throws PluginOutputException {
		switch (text) {
			case "+Inf", "Inf" -> {
				return Double.POSITIVE_INFINITY;
			}
			case "-Inf" -> {
				return Double.NEGATIVE_INFINITY;
			}
			case "NaN" -> {
				return Double.NaN;
			}
			default -> {
				try {
					return Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					throw new PluginOutputException(plugin, "not a number: '" + text + "'");
				}
			}
		}
	}

	private static final class FamilyBuilder {

		final String name;

		final MetricType type;

		String help;

		final List<Sample> samples = new ArrayList<>();

		FamilyBuilder(String name, MetricType type, String help) {
			this.name = name;
			this.type = type;
			this.help = help;
		}

		/**
		 * The family; a counter is named {@code <name>_total} (family and samples), as
		 * the agent's own counters are, so the output passes {@code promtool} lint.
		 */
		MetricFamily build() {
			if (type != MetricType.COUNTER || name.endsWith("_total")) {
				return new MetricFamily(name, type, help, samples);
			}
			String total = name + "_total";
			return new MetricFamily(total, type, help,
					samples.stream().map(s -> new Sample(total, s.labels(), s.value(), s.timestampMillis())).toList());
		}

	}

	/** One sample line: {@code name{a="b"} value [timestamp]}. */
	private record SampleText(String name, Map<String, String> labels, double value) {

		static SampleText parse(String plugin, String line) throws PluginOutputException {
			int i = 0;
			while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
				i++;
			}
			String name = line.substring(0, i);
			requireName(plugin, name);
			Map<String, String> labels = new LinkedHashMap<>();
			if (i < line.length() && line.charAt(i) == '{') {
				i++;
				while (true) {
					while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
						i++;
					}
					if (i >= line.length()) {
						throw new PluginOutputException(plugin, "unterminated labels in '" + line + "'");
					}
					if (line.charAt(i) == '}') {
						i++;
						break;
					}
					int eq = line.indexOf('=', i);
					if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
						throw new PluginOutputException(plugin, "bad label in '" + line + "'");
					}
					String key = line.substring(i, eq).trim();
					if (!PrometheusTextWriter.isValidLabelName(key)) {
						throw new PluginOutputException(plugin, "invalid label name '" + key + "'");
					}
					StringBuilder value = new StringBuilder();
					int j = eq + 2;
					boolean closed = false;
					for (; j < line.length(); j++) {
						char c = line.charAt(j);
						if (c == '\\' && j + 1 < line.length()) {
							char n = line.charAt(++j);
							value.append(n == 'n' ? '\n' : n);
						}
						else if (c == '"') {
							closed = true;
							break;
						}
						else {
							value.append(c);
						}
					}
					if (!closed) {
						throw new PluginOutputException(plugin, "unterminated label value in '" + line + "'");
					}
					labels.put(key, value.toString());
					i = j + 1;
				}
			}
			String[] rest = line.substring(i).trim().split("\\s+");
			if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
				throw new PluginOutputException(plugin, "no value in '" + line + "'");
			}
			return new SampleText(name, labels, number(plugin, rest[0]));
		}

	}

}
