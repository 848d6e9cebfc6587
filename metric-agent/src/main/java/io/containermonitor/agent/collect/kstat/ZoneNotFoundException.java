package io.containermonitor.agent.collect.kstat;

import java.nio.file.NoSuchFileException;

/**
 * The zone is not running (no {@code zones} kstat of class {@code zone_misc} carries its
 * name): cmon-agent's {@code ENOTFOUND}. A {@link NoSuchFileException} because that is
 * the framework's "the source vanished" case, logged at debug, not as a broken source.
 */
public class ZoneNotFoundException extends NoSuchFileException {

	private static final long serialVersionUID = 1L;

	public ZoneNotFoundException(String zonename) {
		super("zones:*:" + ZoneKstats.kstatName(zonename), null, "zone " + zonename + " is not running");
	}

}
