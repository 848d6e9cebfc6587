package io.containermonitor.agent.collect.netns;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.TritonNames;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupFormatException;

import org.springframework.stereotype.Component;

/**
 * TCP counters of a container's namespace ({@code net/snmp} {@code Tcp:} and
 * {@code net/netstat} {@code TcpExt:}), mapped to cmon-agent's {@code tcp_*} names as
 * reference section 8 says. {@code tcp_duplicate_ack_count} has no Linux source and is not reported.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class TcpCollector extends AbstractCollector {

	private final ContainerProcfs procfs;

	public TcpCollector(ContainerProcfs netns, AgentProperties properties) {
		super("tcp", Scope.CONTAINER, properties.cache().kernelTtl());
		this.procfs = netns;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Optional<Path> proc = procfs.netnsDir(target);
		if (proc.isEmpty()) {
			return;
		}
		Map<String, Long> tcp = SnmpFile.parse("net/snmp", Files.readString(proc.get().resolve("net/snmp")))
			.get("Tcp");
		if (tcp == null) {
			throw new CgroupFormatException("net/snmp", "no Tcp section");
		}
		counter(sink, tcp, "AttemptFails", "tcp_failed_connection_attempt_count", "Failed TCP connection attempts");
		counter(sink, tcp, "RetransSegs", "tcp_retransmitted_segment_count", "TCP segments retransmitted");
		counter(sink, tcp, "ActiveOpens", "tcp_active_open_count", "TCP connections opened actively");
		counter(sink, tcp, "PassiveOpens", "tcp_passive_open_count", "TCP connections opened passively");
		Long estab = tcp.get("CurrEstab");
		if (estab != null) {
			// cmon-agent's name for this gauge ends in _total; it is written exactly (TritonNames).
			sink.gauge(TritonNames.ESTABLISHED_CONNECTIONS, "TCP connections currently established", estab);
		}
		Path netstat = proc.get().resolve("net/netstat");
		if (Files.exists(netstat)) {
			Map<String, Long> ext = SnmpFile.parse("net/netstat", Files.readString(netstat)).get("TcpExt");
			if (ext != null) {
				counter(sink, ext, "ListenDrops", "tcp_listen_drop_count",
						"Connections dropped because the listen queue was full");
				counter(sink, ext, "TCPReqQFullDrop", "tcp_listen_drop_Qzero_count",
						"Connection requests dropped because the SYN queue was full");
				counter(sink, ext, "TCPReqQFullDrop", "tcp_half_open_drop_count",
						"Half-open connections dropped because the SYN queue was full");
				counter(sink, ext, "TCPAbortOnTimeout", "tcp_retransmit_timeout_drop_count",
						"TCP connections aborted after retransmission timeouts");
			}
		}
	}

	private static void counter(MetricSink sink, Map<String, Long> section, String key, String name, String help) {
		Long v = section.get(key);
		if (v != null) {
			sink.counter(name, help, v);
		}
	}

}
