package io.containermonitor.agent.collect.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pressure stall information ({@code cpu.pressure}, {@code memory.pressure},
 * {@code io.pressure}): lines {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=123}
 * and {@code full ...}; {@code total} is in microseconds.
 */
public final class PressureFile {

	private PressureFile() {
	}

	/** Kind ({@code some}, {@code full}) to total stall time in microseconds. */
	public static Map<String, Long> parseTotals(String file, String text) {
		Map<String, Long> totals = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String t = line.trim();
			if (t.isEmpty()) {
				continue;
			}
			String[] fields = t.split("\\s+");
			String total = null;
			for (int i = 1; i < fields.length; i++) {
				if (fields[i].startsWith("total=")) {
					total = fields[i].substring("total=".length());
				}
			}
			if (total == null) {
				throw new CgroupFormatException(file, "no total in line '" + t + "'");
			}
			try {
				totals.put(fields[0], Long.parseLong(total));
			}
			catch (NumberFormatException ex) {
				throw new CgroupFormatException(file, "not an integer total in line '" + t + "'");
			}
		}
		return totals;
	}

}
