package io.containermonitor.agent.collect.netns;

import java.util.ArrayList;
import java.util.List;

import io.containermonitor.agent.collect.cgroup.CgroupFormatException;

/** {@code /proc/<pid>/net/dev}: two header lines, then one line per interface. */
public final class NetDevFile {

	private NetDevFile() {
	}

	public static List<InterfaceCounters> parse(String text) {
		List<InterfaceCounters> interfaces = new ArrayList<>();
		String[] lines = text.split("\n");
		for (int i = 2; i < lines.length; i++) {
			String line = lines[i];
			if (line.isBlank()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon < 0) {
				throw new CgroupFormatException("net/dev", "no interface name in line '" + line.trim() + "'");
			}
			String name = line.substring(0, colon).trim();
			String[] f = line.substring(colon + 1).trim().split("\\s+");
			if (f.length < 16) {
				throw new CgroupFormatException("net/dev", "truncated line for " + name + ": " + f.length + " fields");
			}
			try {
				interfaces.add(new InterfaceCounters(name, Long.parseLong(f[0]), Long.parseLong(f[1]),
						Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[8]), Long.parseLong(f[9]),
						Long.parseLong(f[10]), Long.parseLong(f[11])));
			}
			catch (NumberFormatException ex) {
				throw new CgroupFormatException("net/dev", "not an integer in line for " + name);
			}
		}
		return interfaces;
	}

	/**
	 * Counters of one interface, as seen inside its namespace.
	 *
	 * @param name the interface name
	 * @param rxBytes bytes received
	 * @param rxPackets packets received
	 * @param rxErrors receive errors
	 * @param rxDropped received packets dropped
	 * @param txBytes bytes sent
	 * @param txPackets packets sent
	 * @param txErrors send errors
	 * @param txDropped sent packets dropped
	 */
	public record InterfaceCounters(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped,
			long txBytes, long txPackets, long txErrors, long txDropped) {
	}

}
