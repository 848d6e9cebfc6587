package io.containermonitor.forwarder.sink.influx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.IdentityTags;
import org.influxdb.dto.Point;

/**
 * One sample as one line of InfluxDB line protocol: measurement = sample name,
 * tags = its labels plus the target's identity, one float field {@code value},
 * millisecond timestamp. The escaping of spaces, commas and equals signs is
 * influxdb-java's ({@link Point}); line protocol cannot carry a line break at all,
 * so one in a tag value is written as the two characters {@code \n} (as in the
 * Prometheus text format), and a tag value ending in a backslash gets a second one
 * so that it cannot escape the separator after it.
 */
public final class InfluxLineEncoder {

	/** The line, or null if InfluxDB cannot store the value (NaN, infinities). */
	public String encode(ForwardedSample sample) {
		if (!Double.isFinite(sample.value())) {
			return null;
		}
		Map<String, String> tags = new LinkedHashMap<>();
		IdentityTags.of(sample).forEach((name, value) -> tags.put(name, tagValue(value)));
		return Point.measurement(sample.name())
			.time(sample.timestampMillis(), TimeUnit.MILLISECONDS)
			.tag(tags)
			.addField("value", sample.value())
			.build()
			.lineProtocol(TimeUnit.MILLISECONDS);
	}

	static String tagValue(String value) {
		String safe = value;
		if (safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			safe = safe.replace("\n", "\\n").replace("\r", "\\r");
		}
		if (safe.endsWith("\\")) {
			safe = safe + "\\";
		}
		return safe;
	}

}
