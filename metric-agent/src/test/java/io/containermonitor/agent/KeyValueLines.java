package io.containermonitor.agent;

import java.util.HashMap;
import java.util.Map;

/** The test's own reading of {@code key value} kernel files, independent of the agent's parser. */
public final class KeyValueLines {

	private KeyValueLines() {
	}

	public static Map<String, Long> parse(String text) {
		Map<String, Long> values = new HashMap<>();
		for (String line : text.split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length == 2) {
				values.put(f[0], Long.parseLong(f[1]));
			}
		}
		return values;
	}

}
