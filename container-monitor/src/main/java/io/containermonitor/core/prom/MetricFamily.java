package io.containermonitor.core.prom;

import java.util.List;
import java.util.Objects;

/**
 * A metric family: one {@code # HELP}, one {@code # TYPE}, and its samples.
 *
 * @param name the family name (for counters, without {@code _total} only if the samples say so)
 * @param type the type
 * @param help the help text; required, since dashboards and {@code promtool} lint want it
 * @param samples the samples, in order
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {

	public MetricFamily {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(help, "help");
		samples = List.copyOf(samples);
	}

}
