package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.Reading;
import io.containermonitor.agent.collect.Readings;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.container.Container;

/** Runs one collector and shows its readings as {@code name{labels} -> value}, counters marked. */
final class KstatReadings {

	private KstatReadings() {
	}

	static Container zone(String uuid) {
		return new Container(UUID.fromString(uuid), uuid, "zone", null, "/zones/" + uuid, Map.of(), new UUID(0, 0),
				true, Instant.EPOCH);
	}

	static Map<String, Double> read(Collector collector, Target target) throws IOException {
		Readings readings = new Readings();
		collector.collect(target, readings);
		Map<String, Double> values = new TreeMap<>();
		for (Reading r : readings.values()) {
			String key = r.labels().isEmpty() ? r.name() : r.name() + new TreeMap<>(r.labels());
			Double clash = values.put(key, r.value());
			if (clash != null) {
				throw new AssertionError("series reported twice: " + key);
			}
		}
		return values;
	}

	static Map<String, Double> read(Collector collector, String zoneUuid) throws IOException {
		return read(collector, Target.of(zone(zoneUuid)));
	}

	/** Which series are counters. */
	static Map<String, Boolean> types(Collector collector, Target target) throws IOException {
		Readings readings = new Readings();
		collector.collect(target, readings);
		Map<String, Boolean> types = new TreeMap<>();
		readings.values().forEach(r -> types.put(r.name(), r.counter()));
		return types;
	}

}
