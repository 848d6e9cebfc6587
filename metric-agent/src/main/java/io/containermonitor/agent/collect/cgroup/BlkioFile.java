package io.containermonitor.agent.collect.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * v1 {@code blkio.throttle.io_service_bytes} and {@code blkio.throttle.io_serviced}:
 * lines {@code 8:0 Read 4096}, and a final {@code Total N}; summed per operation over devices.
 */
public final class BlkioFile {

	private BlkioFile() {
	}

	/** Operation ({@code Read}, {@code Write}, ...) to the sum over devices; the Total line is skipped. */
	public static Map<String, Long> parseTotals(String file, String text) {
		Map<String, Long> totals = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String[] f = line.trim().split("\\s+");
			if (f.length == 1 && f[0].isEmpty() || f[0].equals("Total")) {
				continue;
			}
			if (f.length != 3) {
				throw new CgroupFormatException(file, "not a 'device op value' line: '" + line.trim() + "'");
			}
			try {
				totals.merge(f[1], Long.parseLong(f[2]), Long::sum);
			}
			catch (NumberFormatException ex) {
				throw new CgroupFormatException(file, "not an integer in line '" + line.trim() + "'");
			}
		}
		return totals;
	}

}
