package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.Map;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * The kstat backend's own health, on {@code /v1/gz/metrics}: chain updates, EAGAIN
 * retries, and command output lines rejected by the strict parsers (per command).
 * Not in cmon-agent; named in the agent's {@code cmon_agent_} space. Never cached.
 */
public class KstatBackendCollector implements Collector {

	private final KstatHandle kstats;

	private final CommandOutputFailures failures;

	public KstatBackendCollector(KstatHandle kstats, CommandOutputFailures failures) {
		this.kstats = kstats;
		this.failures = failures;
	}

	@Override
	public String name() {
		return "kstat_backend";
	}

	@Override
	public Scope scope() {
		return Scope.NODE;
	}

	@Override
	public Duration ttl() {
		return Duration.ZERO;
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		sink.counter("cmon_agent_kstat_chain_updates", "Times kstat_chain_update found a new kstat chain",
				kstats.chainUpdates());
		sink.counter("cmon_agent_kstat_read_retries", "Kstat reads retried after EAGAIN", kstats.readRetries());
		for (String command : new String[] { "zfs", "zpool", "zoneadm", "vmadm", "ntpq" }) {
			sink.counter("cmon_agent_command_output_rejected",
					"Lines of system command output rejected by the parser",
					failures.counts().getOrDefault(command, 0L), Map.of("command", command));
		}
	}

}
