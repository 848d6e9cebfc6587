package io.containermonitor.agent.collect.kstat;

import java.io.IOException;

/** A system command (zfs, zpool, vmadm, zoneadm, ntpq) failed, timed out, or printed what we cannot parse. */
public class CommandException extends IOException {

	private static final long serialVersionUID = 1L;

	public CommandException(String message) {
		super(message);
	}

}
