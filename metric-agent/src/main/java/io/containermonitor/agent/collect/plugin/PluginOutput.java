package io.containermonitor.agent.collect.plugin;

import java.time.Duration;
import java.util.List;

import io.containermonitor.core.prom.MetricFamily;

/**
 * A plugin's parsed output.
 *
 * @param families metric families, every name prefixed {@code plugin_<name>_}
 * @param ttl the {@code ttl} option the output set, or null
 */
public record PluginOutput(List<MetricFamily> families, Duration ttl) {

	public PluginOutput {
		families = List.copyOf(families);
	}

}
