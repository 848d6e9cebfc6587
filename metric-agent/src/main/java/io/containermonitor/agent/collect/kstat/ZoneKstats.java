package io.containermonitor.agent.collect.kstat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Zone name (the VM uuid on Triton) to zone id through the {@code zones} kstats of class
 * {@code zone_misc}, as cmon-agent's {@code getZoneInfo} (reference section 3): the
 * kstat's name is the zone name cut to {@code KSTAT_STRLEN - 1} = 30 characters, so the
 * full name is checked against its {@code zonename} statistic; its instance is the zone
 * id. A zone that is not running has no such kstat. Stateless.
 */
public final class ZoneKstats {

	public static final String MODULE = "zones";

	public static final String CLASS = "zone_misc";

	/** The global zone's name; its id is 0. */
	public static final String GLOBAL = "global";

	/** The kstat name of a zone: its name, cut to 30 characters. */
	public static String kstatName(String zonename) {
		return zonename.length() > KstatAbi.KSTAT_STRLEN - 1 ? zonename.substring(0, KstatAbi.KSTAT_STRLEN - 1)
				: zonename;
	}

	/** The running zone's id, or empty. */
	public OptionalInt zoneId(KstatChain chain, String zonename) throws KstatReadException {
		for (KstatHeader h : chain.headers(MODULE, -1, kstatName(zonename), CLASS)) {
			Optional<String> full = chain.readString(h, "zonename");
			if (full.isPresent() && full.get().equals(zonename)) {
				return OptionalInt.of(h.instance());
			}
		}
		return OptionalInt.empty();
	}

	/** Every running zone but the global one: zone name to zone id, in chain order. */
	public Map<String, Integer> runningZones(KstatChain chain) throws KstatReadException {
		Map<String, Integer> zones = new LinkedHashMap<>();
		for (KstatHeader h : chain.headers(MODULE, -1, null, CLASS)) {
			Optional<String> name = chain.readString(h, "zonename");
			if (name.isPresent() && !name.get().equals(GLOBAL)) {
				zones.put(name.get(), h.instance());
			}
		}
		return zones;
	}

}
