package io.containermonitor.agent.collect.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Files of {@code key value} lines: v2 {@code cpu.stat}, {@code memory.stat},
 * {@code memory.events}; v1 {@code cpu.stat}, {@code cpuacct.stat}, {@code memory.stat}.
 */
public final class KeyValueFile {

	private KeyValueFile() {
	}

	/**
	 * Parses the lines; blank lines are skipped.
	 * @throws CgroupFormatException naming the file on a line without an integer value
	 * (a truncated read)
	 */
	public static Map<String, Long> parse(String file, String text) {
		Map<String, Long> values = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String t = line.trim();
			if (t.isEmpty()) {
				continue;
			}
			int space = t.indexOf(' ');
			if (space < 0) {
				throw new CgroupFormatException(file, "line without a value: '" + t + "'");
			}
			String value = t.substring(space + 1).trim();
			try {
				values.put(t.substring(0, space), Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				throw new CgroupFormatException(file, "not an integer in line '" + t + "'");
			}
		}
		return values;
	}

	/** The value of a key the kernel always writes; its absence is a format error. */
	public static long require(Map<String, Long> values, String file, String key) {
		Long v = values.get(key);
		if (v == null) {
			throw new CgroupFormatException(file, "no '" + key + "' line");
		}
		return v;
	}

}
