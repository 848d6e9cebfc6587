package io.containermonitor.agent.collect.netns;

import java.util.LinkedHashMap;
import java.util.Map;

import io.containermonitor.agent.collect.cgroup.CgroupFormatException;

/**
 * {@code /proc/<pid>/net/snmp} and {@code net/netstat}: pairs of lines, {@code Tcp: Name1 Name2}
 * then {@code Tcp: 1 2}.
 */
public final class SnmpFile {

	private SnmpFile() {
	}

	/** Section ({@code Tcp}, {@code TcpExt}) to counter name to value. */
	public static Map<String, Map<String, Long>> parse(String file, String text) {
		Map<String, Map<String, Long>> sections = new LinkedHashMap<>();
		String[] lines = text.split("\n");
		for (int i = 0; i + 1 < lines.length; i += 2) {
			String[] names = lines[i].trim().split("\\s+");
			String[] values = lines[i + 1].trim().split("\\s+");
			if (names.length != values.length || !names[0].equals(values[0]) || !names[0].endsWith(":")) {
				throw new CgroupFormatException(file, "mismatched lines for " + names[0]);
			}
			Map<String, Long> section = new LinkedHashMap<>();
			for (int k = 1; k < names.length; k++) {
				try {
					section.put(names[k], Long.parseLong(values[k]));
				}
				catch (NumberFormatException ex) {
					throw new CgroupFormatException(file, "not an integer for " + names[0] + " " + names[k]);
				}
			}
			sections.put(names[0].substring(0, names[0].length() - 1), section);
		}
		return sections;
	}

}
