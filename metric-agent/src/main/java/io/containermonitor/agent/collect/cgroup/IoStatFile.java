package io.containermonitor.agent.collect.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * v2 {@code io.stat}: one line per device, {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0};
 * summed over devices.
 */
public final class IoStatFile {

	public static final String FILE = "io.stat";

	private IoStatFile() {
	}

	public static Map<String, Long> parseTotals(String text) {
		Map<String, Long> totals = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String t = line.trim();
			if (t.isEmpty()) {
				continue;
			}
			String[] fields = t.split("\\s+");
			if (fields.length < 2 || !fields[0].contains(":")) {
				throw new CgroupFormatException(FILE, "not a device line: '" + t + "'");
			}
			for (int i = 1; i < fields.length; i++) {
				int eq = fields[i].indexOf('=');
				if (eq < 0) {
					throw new CgroupFormatException(FILE, "no '=' in '" + fields[i] + "'");
				}
				try {
					totals.merge(fields[i].substring(0, eq), Long.parseLong(fields[i].substring(eq + 1)), Long::sum);
				}
				catch (NumberFormatException ex) {
					throw new CgroupFormatException(FILE, "not an integer in '" + fields[i] + "'");
				}
			}
		}
		return totals;
	}

}
