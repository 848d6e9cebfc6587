package io.containermonitor.agent.collect.kstat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code zpool list -Hpo name,allocated,fragmentation,health,size}: one pool per
 * line, five tab-separated fields. {@code -p} still prints the fragmentation with a
 * {@code %}, which is dropped; a fragmentation of {@code -} (unknown) is kept as absent.
 * A malformed line is rejected, the other pools still count. Pure.
 */
public final class ZpoolListOutput {

	/** zpool health as cmon-agent encodes it; anything else is -1. */
	static final Map<String, Integer> HEALTH = Map.of("ONLINE", 0, "DEGRADED", 1, "FAULTED", 2, "OFFLINE", 3,
			"REMOVED", 4, "UNAVAIL", 5);

	private ZpoolListOutput() {
	}

	public static ParsedLines<Pool> parse(String output) {
		List<Pool> pools = new ArrayList<>();
		List<ParsedLines.Rejected> rejected = new ArrayList<>();
		for (String line : output.lines().toList()) {
			if (line.isEmpty()) {
				continue;
			}
			String[] f = line.split("\t", -1);
			if (f.length != 5 || f[0].isEmpty()) {
				rejected.add(new ParsedLines.Rejected(line, "expected 5 tab-separated fields, got " + f.length));
				continue;
			}
			try {
				String frag = f[2].endsWith("%") ? f[2].substring(0, f[2].length() - 1) : f[2];
				Double fragmentation = frag.equals("-") ? null : ZfsListOutput.number(frag, "fragmentation", line);
				pools.add(new Pool(f[0], ZfsListOutput.number(f[1], "allocated", line), fragmentation,
						HEALTH.getOrDefault(f[3], -1), ZfsListOutput.number(f[4], "size", line)));
			}
			catch (CommandException ex) {
				rejected.add(new ParsedLines.Rejected(line, ex.getMessage()));
			}
		}
		return new ParsedLines<>(pools, rejected);
	}

	/**
	 * @param name the pool
	 * @param allocated bytes allocated
	 * @param fragmentation percent, or null when zpool prints {@code -}
	 * @param health the encoded health
	 * @param size bytes
	 */
	public record Pool(String name, double allocated, Double fragmentation, int health, double size) {
	}

}
