package io.containermonitor.agent.collect.node;

import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Network interfaces of the node through OSHI. */
@Component
public class NodeNetworkCollector extends OshiCollector {

	public NodeNetworkCollector(SystemInfo system, AgentProperties properties) {
		super("node_network", system, properties.cache().kernelTtl());
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		for (oshi.hardware.NetworkIF nic : system.getHardware().getNetworkIFs(true)) {
			Map<String, String> l = Map.of("interface", String.valueOf(nic.getName()));
			sink.counter("node_network_receive_bytes", "Bytes received by the interface", nic.getBytesRecv(), l);
			sink.counter("node_network_transmit_bytes", "Bytes sent by the interface", nic.getBytesSent(), l);
			sink.counter("node_network_receive_packets", "Packets received by the interface", nic.getPacketsRecv(), l);
			sink.counter("node_network_transmit_packets", "Packets sent by the interface", nic.getPacketsSent(), l);
			sink.counter("node_network_receive_errors", "Receive errors of the interface", nic.getInErrors(), l);
			sink.counter("node_network_transmit_errors", "Send errors of the interface", nic.getOutErrors(), l);
		}
	}

}
