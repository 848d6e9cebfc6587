package io.containermonitor.agent.collect.plugin;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * One plugin's entry in {@code plugin.json} (reference 4), e.g.
 * {@code {"meaning": {"timeout": 100, "ttl": 60, "vms": ["<uuid>"]}}}.
 *
 * @param timeout kill the plugin after this long (plugin.json: ms), or null for the default
 * @param ttl reuse its output this long (plugin.json: s), or null for the default
 * @param vms the only VMs it runs for; empty means all
 */
public record PluginOptions(Duration timeout, Duration ttl, Set<UUID> vms) {

	public static final PluginOptions NONE = new PluginOptions(null, null, Set.of());

	public PluginOptions {
		vms = vms == null ? Set.of() : Set.copyOf(vms);
	}

}
