package io.containermonitor.agent.collect.kstat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code zfs list -Hpo <props> <dataset>}: one line, the values in the order of
 * the properties, tab-separated, exact numbers ({@code -p}); ratios carry a trailing
 * {@code x} (e.g. {@code 1.53x}), which is dropped as cmon-agent does. Pure.
 */
public final class ZfsListOutput {

	private ZfsListOutput() {
	}

	/**
	 * @throws CommandException naming the offending line when it is not exactly one line
	 * of that many numbers
	 */
	public static Map<String, Double> parse(String output, List<String> properties) throws CommandException {
		List<String> lines = output.lines().filter(l -> !l.isEmpty()).toList();
		if (lines.size() != 1) {
			throw new CommandException("expected one line, got " + lines.size() + ": '" + output.strip() + "'");
		}
		String line = lines.get(0);
		String[] fields = line.split("\t", -1);
		if (fields.length != properties.size()) {
			throw new CommandException(
					"expected " + properties.size() + " tab-separated fields, got " + fields.length + ": '" + line + "'");
		}
		Map<String, Double> values = new LinkedHashMap<>();
		for (int i = 0; i < fields.length; i++) {
			String f = fields[i].endsWith("x") ? fields[i].substring(0, fields[i].length() - 1) : fields[i];
			values.put(properties.get(i), number(f, properties.get(i), line));
		}
		return values;
	}

	static double number(String field, String what, String line) throws CommandException {
		try {
			double v = Double.parseDouble(field);
			if (Double.isNaN(v) || Double.isInfinite(v) || field.isBlank() || !field.equals(field.strip())) {
				throw new NumberFormatException(field);
			}
			return v;
		}
		catch (NumberFormatException ex) {
			throw new CommandException(what + " is not a number ('" + field + "'): '" + line + "'");
		}
	}

}
