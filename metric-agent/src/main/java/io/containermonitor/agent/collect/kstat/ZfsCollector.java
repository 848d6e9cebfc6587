package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * cmon-agent's {@code zfs} (reference 2.1): {@code zfs list -Hpo <props> zones/<uuid>},
 * every property a gauge {@code zfs_<property>}; cached 300 s because it forks. For KVM
 * and bhyve VMs this is the zone root, not the zvols.
 */
public class ZfsCollector extends AbstractCollector {

	/** Property to HELP text, in the order asked of zfs. */
	static final Map<String, String> PROPERTIES;

	static {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("available", "zfs space available in bytes");
		p.put("used", "zfs space used in bytes");
		p.put("logicalused", "zfs logical space used in bytes (before compression)");
		p.put("recordsize", "zfs record size in bytes");
		p.put("quota", "zfs quota in bytes (0 means none)");
		p.put("compressratio", "zfs compression ratio");
		p.put("refcompressratio", "zfs compression ratio of the referenced data");
		p.put("referenced", "zfs space referenced in bytes");
		p.put("logicalreferenced", "zfs logical space referenced in bytes (before compression)");
		p.put("usedbydataset", "zfs space used by the dataset itself in bytes");
		p.put("usedbysnapshots", "zfs space used by snapshots in bytes");
		PROPERTIES = java.util.Collections.unmodifiableMap(p);
	}

	private final CommandRunner commands;

	private final String zfs;

	private final CommandOutputFailures failures;

	public ZfsCollector(CommandRunner commands, String zfs, CommandOutputFailures failures, Duration ttl) {
		super("zfs", Scope.CONTAINER, ttl);
		this.commands = commands;
		this.zfs = zfs;
		this.failures = failures;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws CommandException {
		List<String> props = new ArrayList<>(PROPERTIES.keySet());
		String dataset = "zones/" + target.requireContainer().vmUuid();
		String output = commands.run(List.of(zfs, "list", "-Hpo", String.join(",", props), dataset));
		Map<String, Double> values;
		try {
			values = ZfsListOutput.parse(output, props);
		}
		catch (CommandException ex) {
			failures.reject("zfs", output.strip(), ex.getMessage());
			throw ex;
		}
		values.forEach((prop, v) -> sink.gauge("zfs_" + prop, PROPERTIES.get(prop), v));
	}

}
