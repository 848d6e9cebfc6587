package io.containermonitor.core.vm;

import java.util.Locale;

/** CNAPI {@code status} of a compute node. */
public enum ServerStatus {

	RUNNING, REBOOTING, UNKNOWN;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ServerStatus fromWire(String value) {
		if (value == null) {
			return UNKNOWN;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "running" -> RUNNING;
			case "rebooting" -> REBOOTING;
			default -> UNKNOWN;
		};
	}

}
