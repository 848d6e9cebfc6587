package io.containermonitor.agent.collect.kstat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses ntpq(1M) output as cmon-agent's {@code lib/ntp.js} does: the peer table of
 * {@code ntpq -n -c apeers} and the {@code label: value} lines of the system sections.
 * Lines of another shape are rejected (cmon-agent asserted and crashed the request). Pure.
 */
public final class NtpqOutput {

	static final String PEER_HEADER_1 = "     remote       refid   assid  st t when poll reach   delay   offset  jitter";

	static final String PEER_HEADER_2 = "==============================================================================";

	/** flash + remote, refid, assid, st, t, when, poll, reach, delay, offset, jitter. */
	private static final Pattern PEER = Pattern.compile("^([ x.\\-+#*o])([0-9a-zA-Z.:()_\\-]+)\\s+"
			+ "([a-zA-Z0-9.(_]+\\)?)\\s*([0-9]+)\\s+([0-9]+)\\s+([a-zA-Z])\\s+([0-9\\-]+[mhd]?)\\s+([0-9]+)\\s+"
			+ "([0-7]+)\\s+([0-9.\\-]+)\\s+([0-9.+\\-]+)\\s+([0-9.\\-]+)\\s*$");

	/** Peer states by flash character, in cmon-agent's numbering (-1 unknown). */
	static final String FLASHES = " x.-+#*o";

	/** The state of the system peer ({@code *}). */
	static final int SYSPEER = 6;

	static final List<String> PEER_TYPES = List.of("u", "b", "l", "s", "A", "B", "M");

	static final List<String> MODES = List.of("bclient", "broadcast", "client", "control", "private", "server",
			"sym_active", "sym_passive", "unspec");

	static final List<String> REFIDS = List.of(".IPADDR.", ".ACST.", ".ACTS.", ".AUTH.", ".AUTO.", ".BCST.", ".CHU.",
			".CRYPT.", ".DCFx.", ".DENY.", ".GAL.", ".GOES.", ".GPS.", ".HBG.", ".INIT.", ".IRIG.", ".JJY.", ".LFx.",
			".LOCL.", ".LORC.", ".MCST.", ".MSF.", ".NIST.", ".PPS.", ".PTB.", ".RATE.", ".STEP.", ".TDF.", ".TIME.",
			".USNO.", ".WWV.", ".WWVB.", ".WWVH.");

	private static final Pattern SYS_LINE = Pattern.compile("^([^:]+):\\s+(.*)$");

	private static final Pattern ASSOCID = Pattern.compile("^associd=([0-9]+)\\s");

	/** {@code name=value} in a readvar line, as cmon-agent's chunk pattern. */
	private static final Pattern READVAR_CHUNK = Pattern.compile("([a-z_]+)=([A-Za-f0-9.()_+\\-]+)");

	private static final Pattern CALIBRATION_INTERVAL = Pattern.compile("^calibration interval\\s+([0-9]+)\\s*$");

	private NtpqOutput() {
	}

	/** Whether the output starts with apeers' two header lines (ntpd answered). */
	public static boolean hasPeerTable(String output) {
		List<String> lines = output.lines().limit(2).toList();
		return lines.size() == 2 && lines.get(0).equals(PEER_HEADER_1) && lines.get(1).equals(PEER_HEADER_2);
	}

	public static ParsedLines<Peer> parsePeers(String output) {
		List<Peer> peers = new ArrayList<>();
		List<ParsedLines.Rejected> rejected = new ArrayList<>();
		for (String line : output.lines().toList()) {
			if (line.isEmpty() || line.equals(PEER_HEADER_1) || line.equals(PEER_HEADER_2)) {
				continue;
			}
			Matcher m = PEER.matcher(line);
			if (!m.matches()) {
				rejected.add(new ParsedLines.Rejected(line, "not an apeers line"));
				continue;
			}
			try {
				peers.add(new Peer(m.group(2), FLASHES.indexOf(m.group(1).charAt(0)), refid(m.group(3)),
						Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), PEER_TYPES.indexOf(m.group(6)),
						when(m.group(7)), Integer.parseInt(m.group(8)), failures(Integer.parseInt(m.group(9), 8)),
						Double.parseDouble(m.group(10)) / 1000, Double.parseDouble(m.group(11)) / 1000,
						Double.parseDouble(m.group(12))));
			}
			catch (NumberFormatException ex) {
				rejected.add(new ParsedLines.Rejected(line, "bad number: " + ex.getMessage()));
			}
		}
		return new ParsedLines<>(peers, rejected);
	}

	/** An 8-hex-digit refid is an IPv4 address printed by {@code -n}; else its index in the table, or -1. */
	static int refid(String refid) {
		return refid.matches("^[a-f0-9]{8}$") ? 0 : REFIDS.indexOf(refid);
	}

	/** Seconds since the last query: {@code -} is -1; {@code m}, {@code h}, {@code d} suffixes. */
	static long when(String when) {
		if (when.equals("-")) {
			return -1;
		}
		char unit = when.charAt(when.length() - 1);
		long scale = switch (unit) {
			case 'm' -> 60;
			case 'h' -> 3600;
			case 'd' -> 86400;
			default -> 1;
		};
		String digits = scale == 1 ? when : when.substring(0, when.length() - 1);
		return Long.parseLong(digits) * scale;
	}

	/** The number of 0 bits in the reach byte: polls that failed of the last 8. */
	static int failures(int reach) {
		return 8 - Integer.bitCount(reach & 0xff);
	}

	/**
	 * The system sections ({@code iostats}, {@code kerninfo}, {@code monstats},
	 * {@code sysinfo}, {@code sysstats}): {@code label: value} lines, plus kerninfo's
	 * {@code calibration interval N} without a colon; then, after an
	 * {@code associd=<non-zero>} line, the system peer's {@code readvar} variables.
	 * Labels cmon-agent ignores are dropped; unknown labels and bad values are rejected.
	 * The leap indicator is two bits, read as binary in both places (cmon-agent read the
	 * peer's {@code leap=01} as decimal).
	 */
	public static ParsedLines<Reading> parseSystem(String output) {
		List<Reading> values = new ArrayList<>();
		List<ParsedLines.Rejected> rejected = new ArrayList<>();
		boolean syspeer = false;
		for (String line : output.lines().toList()) {
			if (line.isBlank()) {
				continue;
			}
			Matcher associd = ASSOCID.matcher(line);
			if (associd.lookingAt()) {
				syspeer = !associd.group(1).equals("0");
				continue;
			}
			if (syspeer) {
				readvar(line, values, rejected);
				continue;
			}
			Matcher m = SYS_LINE.matcher(line);
			Matcher calibration = CALIBRATION_INTERVAL.matcher(line);
			String label;
			String value;
			if (m.matches()) {
				label = m.group(1).strip();
				value = m.group(2).strip();
			}
			else if (calibration.matches()) {
				label = "calibration interval";
				value = calibration.group(1);
			}
			else {
				rejected.add(new ParsedLines.Rejected(line, "not 'label: value'"));
				continue;
			}
			if (NtpSystemMetric.IGNORED.contains(label)) {
				continue;
			}
			NtpSystemMetric metric = NtpSystemMetric.BY_LABEL.get(label);
			if (metric == null) {
				rejected.add(new ParsedLines.Rejected(line, "unknown ntpq label '" + label + "'"));
				continue;
			}
			try {
				double raw = switch (label) {
					case "leap indicator" -> Integer.parseInt(value, 2);
					case "system peer mode" -> MODES.indexOf(value);
					case "reference time" -> value.equals("(no time)") ? Double.NaN : ntpTimestamp(value.split(" ")[0]);
					default -> number(value);
				};
				if (!Double.isNaN(raw)) {
					values.add(new Reading(metric, metric.modifier().applyAsDouble(raw)));
				}
			}
			catch (NumberFormatException ex) {
				rejected.add(new ParsedLines.Rejected(line, "bad value: " + ex.getMessage()));
			}
		}
		return new ParsedLines<>(values, rejected);
	}

	/**
	 * One line of {@code readvar <syspeer assid>}: comma-separated {@code name=value}
	 * pairs; the exported variables become syspeer metrics, the rest (addresses, ports,
	 * {@code reach}, {@code flash}, the {@code filt*} arrays) are skipped.
	 */
	private static void readvar(String line, List<Reading> values, List<ParsedLines.Rejected> rejected) {
		if (line.startsWith("filt")) {
			return;
		}
		Matcher chunk = READVAR_CHUNK.matcher(line);
		boolean any = false;
		while (chunk.find()) {
			any = true;
			NtpSystemMetric metric = NtpSystemMetric.SYSPEER_BY_VARIABLE.get(chunk.group(1));
			if (metric == null) {
				continue;
			}
			String value = chunk.group(2);
			try {
				double raw = switch (chunk.group(1)) {
					case "leap" -> Integer.parseInt(value, 2);
					case "reftime", "rec" -> value.equals("(no") ? Double.NaN : ntpTimestamp(value);
					default -> number(value);
				};
				if (!Double.isNaN(raw)) {
					values.add(new Reading(metric, metric.modifier().applyAsDouble(raw)));
				}
			}
			catch (NumberFormatException ex) {
				rejected.add(new ParsedLines.Rejected(line, "bad " + chunk.group(1) + ": " + ex.getMessage()));
			}
		}
		if (!any) {
			rejected.add(new ParsedLines.Rejected(line, "not 'name=value, ...'"));
		}
	}

	/** A decimal number, or hexadecimal with {@code 0x} (monstats prints {@code enabled: 0x3}). */
	static double number(String value) {
		if (value.startsWith("0x")) {
			return Long.parseLong(value.substring(2), 16);
		}
		double v = Double.parseDouble(value);
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			throw new NumberFormatException(value);
		}
		return v;
	}

	/**
	 * One system value.
	 *
	 * @param metric what it is
	 * @param value its value in the metric's unit
	 */
	public record Reading(NtpSystemMetric metric, double value) {
	}

	/**
	 * An NTP timestamp {@code seconds.fraction} in hex, as seconds since 1900. cmon-agent
	 * glued the fraction's decimal integer after the point ({@code 5.1563368960}); here
	 * the fraction is divided by 2^32.
	 */
	static double ntpTimestamp(String hex) {
		String[] parts = hex.split("\\.");
		if (parts.length != 2 || !hex.matches("^[a-f0-9]+\\.[a-f0-9]+$")) {
			throw new NumberFormatException("not an NTP timestamp: '" + hex + "'");
		}
		return Long.parseLong(parts[0], 16) + Long.parseLong(parts[1], 16) / 4294967296.0;
	}

	/**
	 * One peer of {@code apeers}.
	 *
	 * @param remote the peer's address
	 * @param state its state from the flash character (-1 unknown, 0 invalid ... 6 syspeer, 7 pps)
	 * @param refid index of its reference id
	 * @param assid association id
	 * @param stratum its stratum
	 * @param type index of its connection type (u b l s A B M)
	 * @param whenSeconds seconds since it was last queried, -1 never
	 * @param pollSeconds its poll interval
	 * @param failures polls of the last 8 that failed
	 * @param delaySeconds round-trip delay
	 * @param offsetSeconds clock offset
	 * @param jitter jitter (ms, as ntpq prints it; named {@code _ppm} by cmon-agent)
	 */
	public record Peer(String remote, int state, int refid, int assid, int stratum, int type, long whenSeconds,
			int pollSeconds, int failures, double delaySeconds, double offsetSeconds, double jitter) {
	}

}
