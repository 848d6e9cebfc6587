package io.containermonitor.agent.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.containermonitor.agent.container.Container;

/** Runs one collector on a fixture container and shows its readings as {@code name{labels} -> value}. */
public final class ReadingsAssert {

	/** The fixture trees under src/test/resources. */
	public static final Path FIXTURES = Path.of("src/test/resources/fixtures");

	private ReadingsAssert() {
	}

	public static Container container(String cgroupPath) {
		return new Container(UUID.nameUUIDFromBytes(cgroupPath.getBytes()), "fixture", "cgroup", null, cgroupPath,
				Map.of(), new UUID(0, 0), true, Instant.EPOCH);
	}

	public static Map<String, Double> read(Collector collector, Container container) throws IOException {
		Readings readings = new Readings();
		collector.collect(Target.of(container), readings);
		Map<String, Double> values = new TreeMap<>();
		for (Reading r : readings.values()) {
			values.put(r.labels().isEmpty() ? r.name() : r.name() + new TreeMap<>(r.labels()), r.value());
		}
		return values;
	}

}
