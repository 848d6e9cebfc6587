package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * cmon-agent's {@code ntp} (reference 2.3): per-peer metrics from
 * {@code ntpq -n -c apeers} (label {@code remote}), then the system metrics of
 * {@code ntpq -n -c iostats -c kerninfo -c monstats -c sysinfo -c sysstats} and, when a
 * peer is the system peer, its {@code -c "readvar <assid>"} metrics. An answer without
 * the peer table (ntpd down: ntpq still exits 0) makes the collector unavailable
 * (cmon-agent: {@code EMPTY_OK}); it does not add its own {@code ntp_metrics_available_boolean},
 * which the framework's meta metric already is.
 */
public class NtpCollector extends AbstractCollector {

	/** The system sections, in one ntpq run. */
	static final List<String> SYSTEM_SECTIONS = List.of("iostats", "kerninfo", "monstats", "sysinfo", "sysstats");

	private final CommandRunner commands;

	private final String ntpq;

	private final CommandOutputFailures failures;

	public NtpCollector(CommandRunner commands, String ntpq, CommandOutputFailures failures, Duration ttl) {
		super("ntp", Scope.NODE, ttl);
		this.commands = commands;
		this.ntpq = ntpq;
		this.failures = failures;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws CommandException {
		String apeers = commands.run(List.of(ntpq, "-n", "-c", "apeers"));
		if (!NtpqOutput.hasPeerTable(apeers)) {
			throw new CommandException("ntpq -n -c apeers printed no peer table (ntpd down?): '"
					+ apeers.lines().findFirst().orElse("") + "'");
		}
		List<NtpqOutput.Peer> peers = NtpqOutput.parsePeers(apeers).reportTo(failures, "ntpq");
		List<String> argv = new java.util.ArrayList<>(List.of(ntpq, "-n"));
		SYSTEM_SECTIONS.forEach(section -> argv.addAll(List.of("-c", section)));
		peers.stream()
			.filter(p -> p.state() == NtpqOutput.SYSPEER)
			.findFirst()
			.ifPresent(p -> argv.addAll(List.of("-c", "readvar " + p.assid())));
		for (NtpqOutput.Reading r : NtpqOutput.parseSystem(commands.run(argv)).reportTo(failures, "ntpq")) {
			if (r.metric().counter()) {
				sink.counter(r.metric().metric(), r.metric().help(), r.value());
			}
			else {
				sink.gauge(r.metric().metric(), r.metric().help(), r.value());
			}
		}
		for (NtpqOutput.Peer p : peers.stream().sorted(Comparator.comparing(NtpqOutput.Peer::remote)).toList()) {
			Map<String, String> remote = Map.of("remote", p.remote());
			sink.gauge("ntp_peer_delay_seconds", "Total roundtrip delay between the local ntpd and the peer",
					p.delaySeconds(), remote);
			sink.gauge("ntp_peer_jitter_ppm", "The RMS differences relative to the lowest delay sample", p.jitter(),
					remote);
			sink.gauge("ntp_peer_offset_seconds", "how far off local clock is from the peer's reported time",
					p.offsetSeconds(), remote);
			sink.gauge("ntp_peer_poll_interval_seconds", "How often the peer is queried for the time", p.pollSeconds(),
					remote);
			sink.gauge("ntp_peer_last8_polls_failure_count",
					"Number of failed polls in the last 8 attempts to poll this peer", p.failures(), remote);
			sink.gauge("ntp_peer_refid_number", "Where the peer is getting its time", p.refid(), remote);
			sink.gauge("ntp_peer_connection_type", "The type of connection", p.type(), remote);
			sink.gauge("ntp_peer_stratum_number", "The stratum of the peer", p.stratum(), remote);
			sink.gauge("ntp_peer_state", "The state of the peer", p.state(), remote);
			sink.gauge("ntp_peer_last_query_seconds", "The last time when the server was queried for the time",
					p.whenSeconds(), remote);
		}
	}

}
