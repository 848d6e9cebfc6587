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
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

import org.springframework.stereotype.Component;

/**
 * Network interfaces of a container's namespace ({@code /proc/<pid>/net/dev}, loopback
 * skipped), under cmon-agent's {@code net_agg_*} names with one sample per interface.
 * Unlike cmon-agent (reference 9.5), a container without interfaces reports none and
 * stays servable.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class NetDevCollector extends AbstractCollector {

	private final ContainerProcfs procfs;

	public NetDevCollector(ContainerProcfs netns, AgentProperties properties) {
		super("net", Scope.CONTAINER, properties.cache().kernelTtl());
		this.procfs = netns;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Optional<Path> proc = procfs.netnsDir(target);
		if (proc.isEmpty()) {
			return;
		}
		for (NetDevFile.InterfaceCounters i : NetDevFile.parse(Files.readString(proc.get().resolve("net/dev")))) {
			if (i.name().equals("lo")) {
				continue;
			}
			Map<String, String> l = Map.of("interface", i.name());
			sink.counter("net_agg_bytes_in", "Bytes received by the interface", i.rxBytes(), l);
			sink.counter("net_agg_packets_in", "Packets received by the interface", i.rxPackets(), l);
			sink.counter("net_agg_bytes_out", "Bytes sent by the interface", i.txBytes(), l);
			sink.counter("net_agg_packets_out", "Packets sent by the interface", i.txPackets(), l);
			sink.counter("net_agg_errors_in", "Receive errors of the interface", i.rxErrors(), l);
			sink.counter("net_agg_errors_out", "Send errors of the interface", i.txErrors(), l);
			sink.counter("net_agg_drops_in", "Received packets the interface dropped", i.rxDropped(), l);
			sink.counter("net_agg_drops_out", "Outgoing packets the interface dropped", i.txDropped(), l);
		}
	}

}
