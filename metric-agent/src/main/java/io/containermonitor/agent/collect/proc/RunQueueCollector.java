package io.containermonitor.agent.collect.proc;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;

import org.springframework.stereotype.Component;

/**
 * Run-queue figures of a container from its tasks' procfs files (reference 8): cmon-agent's
 * {@code cpu_wait_time} as the sum of {@code schedstat} wait time over the container's
 * threads (approximate: time of exited threads is lost, so the sum can drop), and the
 * number of runnable and uninterruptible threads now. Linux has no per-cgroup load
 * average, so {@code load_average} is not reported.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class RunQueueCollector extends AbstractCollector {

	private final CgroupLayout layout;

	private final Path procRoot;

	public RunQueueCollector(CgroupLayout layout, AgentProperties properties) {
		super("runqueue", Scope.CONTAINER, properties.cache().kernelTtl());
		this.layout = layout;
		this.procRoot = properties.procRoot();
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		List<Integer> pids = CgroupProcs.of(target, layout);
		long waitNanos = 0;
		int running = 0;
		int blocked = 0;
		int threads = 0;
		for (int pid : pids) {
			Path tasks = procRoot.resolve(Integer.toString(pid)).resolve("task");
			List<Path> tids;
			try (Stream<Path> list = Files.list(tasks)) {
				tids = list.toList();
			}
			catch (NoSuchFileException ex) {
				continue; // the process exited since cgroup.procs was read
			}
			for (Path tid : tids) {
				try {
					waitNanos += TaskSchedFiles.waitNanos(Files.readString(tid.resolve("schedstat")));
					char state = TaskSchedFiles.state(Files.readString(tid.resolve("stat")));
					threads++;
					if (state == 'R') {
						running++;
					}
					else if (state == 'D') {
						blocked++;
					}
				}
				catch (NoSuchFileException ex) {
					// the thread exited while we read it
				}
			}
		}
		sink.counter("cpu_wait_time", "Nanoseconds the container's threads spent runnable, waiting on a run queue",
				waitNanos);
		sink.gauge("tasks_threads", "Threads of the container's processes", threads);
		sink.gauge("tasks_running", "Threads of the container that are runnable now", running);
		sink.gauge("tasks_uninterruptible", "Threads of the container in uninterruptible sleep now", blocked);
	}

}
