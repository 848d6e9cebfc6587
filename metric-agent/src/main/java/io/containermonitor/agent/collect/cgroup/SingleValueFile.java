package io.containermonitor.agent.collect.cgroup;

import java.util.OptionalLong;

/**
 * Files holding one number: {@code memory.current}, {@code pids.current}; and limits
 * where v2 writes {@code max} for "no limit" ({@code memory.max}, {@code memory.swap.max}).
 */
public final class SingleValueFile {

	private SingleValueFile() {
	}

	public static long parse(String file, String text) {
		String t = text.trim();
		try {
			return Long.parseLong(t);
		}
		catch (NumberFormatException ex) {
			throw new CgroupFormatException(file, "not an integer: '" + t + "'");
		}
	}

	/** A v2 limit: empty for {@code max} (unlimited). */
	public static OptionalLong parseLimit(String file, String text) {
		String t = text.trim();
		if (t.equals("max")) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(parse(file, t));
	}

}
