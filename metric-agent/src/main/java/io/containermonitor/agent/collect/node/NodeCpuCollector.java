package io.containermonitor.agent.collect.node;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.util.Map;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import oshi.SystemInfo;

import org.springframework.stereotype.Component;

/** Per-CPU time of the node through OSHI, under cmon-agent's GZ {@code cpu_util} names (reference 2.3). */
@Component
@Conditional(LinuxBackendCondition.class)
public class NodeCpuCollector extends OshiCollector {

	public NodeCpuCollector(SystemInfo system, AgentProperties properties) {
		super("cpu_util", system, properties.cache().kernelTtl());
	}

	@Override
	public void collect(Target target, MetricSink sink) {
		long[][] ticks = system.getHardware().getProcessor().getProcessorCpuLoadTicks();
		for (int cpu = 0; cpu < ticks.length; cpu++) {
			Map<String, String> l = Map.of("cpu_id", Integer.toString(cpu));
			long[] t = ticks[cpu];
			// OSHI reports ticks in milliseconds.
			sink.counter("cpu_user_seconds_total", "Seconds the CPU spent in user mode (including nice)",
					(t[oshi.hardware.CentralProcessor.TickType.USER.getIndex()]
							+ t[oshi.hardware.CentralProcessor.TickType.NICE.getIndex()]) / 1e3, l);
			sink.counter("cpu_kernel_seconds_total", "Seconds the CPU spent in kernel mode (including interrupts)",
					(t[oshi.hardware.CentralProcessor.TickType.SYSTEM.getIndex()]
							+ t[oshi.hardware.CentralProcessor.TickType.IRQ.getIndex()]
							+ t[oshi.hardware.CentralProcessor.TickType.SOFTIRQ.getIndex()]) / 1e3, l);
			sink.counter("cpu_idle_seconds_total", "Seconds the CPU was idle (including I/O wait)",
					(t[oshi.hardware.CentralProcessor.TickType.IDLE.getIndex()]
							+ t[oshi.hardware.CentralProcessor.TickType.IOWAIT.getIndex()]) / 1e3, l);
			sink.counter("cpu_steal_seconds_total", "Seconds the hypervisor gave the CPU to another guest",
					t[oshi.hardware.CentralProcessor.TickType.STEAL.getIndex()] / 1e3, l);
		}
	}

}
