package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * cmon-agent's {@code zpool} (reference 2.3): the {@code zfs_metaslab_group:*:*} kstats
 * (class {@code misc}, labelled by pool and top-level vdev guid), then
 * {@code zpool list -Hpo name,allocated,fragmentation,health,size} (labelled by pool).
 * The kstats are read and the chain released before zpool is forked.
 */
public class ZpoolCollector extends AbstractCollector {

	static final List<KstatMetric> METASLAB = List.of(
			KstatMetric.counter("loads", "metaslab_group_loads", "Number of metaslab loads per metaslab group"),
			KstatMetric.counter("unloads", "metaslab_group_unloads", "Number of metaslab unloads per metaslab group"));

	private final KstatHandle kstats;

	private final CommandRunner commands;

	private final String zpool;

	private final CommandOutputFailures failures;

	public ZpoolCollector(KstatHandle kstats, CommandRunner commands, String zpool, CommandOutputFailures failures,
			Duration ttl) {
		super("zpool", Scope.NODE, ttl);
		this.kstats = kstats;
		this.commands = commands;
		this.zpool = zpool;
		this.failures = failures;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		List<KstatSnapshot> groups;
		try (KstatChain chain = kstats.open()) {
			groups = chain.read("zfs_metaslab_group", -1, null, "misc");
		}
		for (KstatSnapshot g : groups.stream().sorted(Comparator.comparing(KstatSnapshot::name)).toList()) {
			KstatMetric.emit(g, METASLAB, sink, Map.of("pool", g.string("spa_name"), "vdev_guid", g.name()));
		}
		String output = commands.run(List.of(zpool, "list", "-Hpo", "name,allocated,fragmentation,health,size"));
		ParsedLines<ZpoolListOutput.Pool> parsed = ZpoolListOutput.parse(output);
		List<ZpoolListOutput.Pool> pools = parsed.reportTo(failures, "zpool");
		if (pools.isEmpty() && !parsed.rejected().isEmpty()) {
			throw new CommandException("zpool list: no line parsed; first rejected: '"
					+ parsed.rejected().get(0).line() + "'");
		}
		for (ZpoolListOutput.Pool p : pools) {
			Map<String, String> pool = Map.of("pool", p.name());
			sink.gauge("zpool_allocated_bytes", "zpool list stat: pool allocated bytes", p.allocated(), pool);
			if (p.fragmentation() != null) {
				sink.gauge("zpool_fragmentation_percent", "zpool list stat: pool fragmentation percent",
						p.fragmentation(), pool);
			}
			sink.gauge("zpool_health_status", "zpool list stat: pool health status", p.health(), pool);
			sink.gauge("zpool_size_bytes", "zpool list stat: pool size bytes", p.size(), pool);
		}
	}

}
