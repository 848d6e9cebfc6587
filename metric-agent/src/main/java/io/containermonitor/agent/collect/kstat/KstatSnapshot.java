package io.containermonitor.agent.collect.kstat;

import java.util.Map;
import java.util.Optional;

/**
 * A copy of one named kstat, taken under the chain lock; safe to use after it is released.
 *
 * @param module {@code ks_module}
 * @param instance {@code ks_instance} (the zone id for per-zone kstats)
 * @param name {@code ks_name}
 * @param kstatClass {@code ks_class}
 * @param snaptime {@code ks_snaptime}, ns of the kernel's high-resolution clock
 * @param values the statistics by name, in kstat order
 */
public record KstatSnapshot(String module, int instance, String name, String kstatClass, long snaptime,
		Map<String, KstatValue> values) {

	public KstatSnapshot {
		values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
	}

	/** {@code module:instance:name}, as kstat(1M) prints it. */
	public String id() {
		return module + ":" + instance + ":" + name;
	}

	public Optional<KstatValue> get(String statistic) {
		return Optional.ofNullable(values.get(statistic));
	}

	/** A numeric statistic; missing or not numeric is an error naming the kstat. */
	public double number(String statistic) throws KstatReadException {
		KstatValue v = values.get(statistic);
		if (v == null) {
			throw new KstatReadException("kstat " + id() + " has no statistic '" + statistic + "'");
		}
		if (!v.isNumeric()) {
			throw new KstatReadException("kstat " + id() + " statistic '" + statistic + "' is not numeric");
		}
		return v.asDouble();
	}

	/** A string statistic; missing or numeric is an error naming the kstat. */
	public String string(String statistic) throws KstatReadException {
		KstatValue v = values.get(statistic);
		if (v == null || v.isNumeric()) {
			throw new KstatReadException("kstat " + id() + " has no string statistic '" + statistic + "'");
		}
		return v.text();
	}

}
