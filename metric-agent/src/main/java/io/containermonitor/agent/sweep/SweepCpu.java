package io.containermonitor.agent.sweep;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The calling thread's CPU time, where the JVM measures it (else 0, and the CPU meter stays at 0). */
final class SweepCpu {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private SweepCpu() {
	}

	static long threadCpuNanos() {
		return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
	}

}
