package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.container.Container;

import org.springframework.stereotype.Component;

/**
 * Processes and threads of a container ({@code cgroup.procs}, same in v1 and v2) and the
 * pids controller's count and limit where it is enabled. The zone_misc kstat's
 * {@code nprocs} has no cmon-agent metric, so these are Linux extras.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class TasksCollector extends CgroupCollector<CgroupLayout> {

	public TasksCollector(CgroupLayout layout, AgentProperties properties) {
		super("tasks", layout, properties);
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		Container c = target.requireContainer();
		sink.gauge("tasks_processes", "Processes in the container's cgroup and its descendants",
				CgroupProcs.of(target, layout).size());
		Path pids = layout.controllerDir(c.relativeCgroupPath(), "pids");
		Optional<String> current = layout.files().readOptional(pids, "pids.current");
		if (current.isPresent()) {
			sink.gauge("pids_current", "Tasks (processes and threads) the pids controller counts for the container",
					SingleValueFile.parse("pids.current", current.get()));
		}
		Optional<String> max = layout.files().readOptional(pids, "pids.max");
		if (max.isPresent()) {
			OptionalLong limit = SingleValueFile.parseLimit("pids.max", max.get());
			if (limit.isPresent()) {
				sink.gauge("pids_limit", "Maximum number of tasks the container may have", limit.getAsLong());
			}
		}
	}

}
