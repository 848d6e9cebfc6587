package io.containermonitor.core.vm;

import java.util.Locale;

/**
 * A VM's state as VMAPI reports it. {@code unknown} means the VM was running but
 * its compute node cannot be reached.
 */
public enum VmState {

	RUNNING, STOPPED, STOPPING, PROVISIONING, INCOMPLETE, READY, DESTROYED, FAILED, UNKNOWN;

	/** VMAPI's wire name: the lower-case constant name. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** VMAPI's {@code state=active}: neither destroyed nor failed. */
	public boolean isActive() {
		return this != DESTROYED && this != FAILED;
	}

	/**
	 * Parses a VMAPI state. Values this enum does not know (VMAPI grows new ones,
	 * and {@code zone_state} values leak in: "shutting down") are {@link #UNKNOWN}
	 * rather than a failure, so one odd VM never stops a listing.
	 */
	public static VmState fromWire(String value) {
		if (value == null) {
			return UNKNOWN;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "running" -> RUNNING;
			case "stopped" -> STOPPED;
			case "stopping", "shutting down", "shutting_down" -> STOPPING;
			case "provisioning" -> PROVISIONING;
			case "incomplete" -> INCOMPLETE;
			case "ready" -> READY;
			case "destroyed" -> DESTROYED;
			case "failed" -> FAILED;
			default -> UNKNOWN;
		};
	}

}
