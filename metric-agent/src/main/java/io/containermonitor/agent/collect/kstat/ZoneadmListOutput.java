package io.containermonitor.agent.collect.kstat;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code zoneadm list -p}: one zone per line,
 * {@code zoneid:zonename:state:zonepath:uuid:brand:ip-type[:debugid]}, e.g.
 * {@code 0:global:running:/::joyent:shared:0}. The zone id is {@code -} for a zone that
 * is not running. Lines that do not have that shape are rejected. Pure.
 */
public final class ZoneadmListOutput {

	private ZoneadmListOutput() {
	}

	public static ParsedLines<Zone> parse(String output) {
		List<Zone> zones = new ArrayList<>();
		List<ParsedLines.Rejected> rejected = new ArrayList<>();
		for (String line : output.lines().toList()) {
			if (line.isEmpty()) {
				continue;
			}
			String[] f = line.split(":", -1);
			if (f.length < 7 || f.length > 8) {
				rejected.add(new ParsedLines.Rejected(line, "expected 7 or 8 colon-separated fields, got " + f.length));
				continue;
			}
			if (f[1].isEmpty() || f[2].isEmpty()) {
				rejected.add(new ParsedLines.Rejected(line, "empty zone name or state"));
				continue;
			}
			Integer id = null;
			if (!f[0].equals("-")) {
				try {
					id = Integer.valueOf(f[0]);
				}
				catch (NumberFormatException ex) {
					rejected.add(new ParsedLines.Rejected(line, "zone id is not a number: '" + f[0] + "'"));
					continue;
				}
				if (id < 0) {
					rejected.add(new ParsedLines.Rejected(line, "negative zone id"));
					continue;
				}
			}
			zones.add(new Zone(id, f[1], f[2], f[3], f[4], f[5]));
		}
		return new ParsedLines<>(zones, rejected);
	}

	/**
	 * @param id the zone id, or null when not running
	 * @param name the zone name (the VM uuid on Triton)
	 * @param state running, installed, ...
	 * @param path the zone path
	 * @param uuid the zone's uuid field (may be empty)
	 * @param brand joyent, lx, kvm, bhyve, ...
	 */
	public record Zone(Integer id, String name, String state, String path, String uuid, String brand) {

		public boolean running() {
			return "running".equals(state) && id != null;
		}

	}

}
