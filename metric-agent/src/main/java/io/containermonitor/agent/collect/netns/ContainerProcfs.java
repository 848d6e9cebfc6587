package io.containermonitor.agent.collect.netns;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;
import io.containermonitor.agent.container.Container;

import org.springframework.stereotype.Component;

/**
 * Finds the procfs directory through which a container's network namespace is read:
 * {@code <proc-root>/<pid>} of any process of the container. Reading
 * {@code /proc/<pid>/net/...} shows that process's namespace without entering it.
 * A container that shares the agent's own namespace (host networking) has none of
 * its own: its "interfaces" would be the node's, so none are reported.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class ContainerProcfs {

	private final CgroupLayout layout;

	private final Path procRoot;

	public ContainerProcfs(CgroupLayout layout, AgentProperties properties) {
		this.layout = layout;
		this.procRoot = properties.procRoot();
	}

	/** The {@code /proc/<pid>} of a process in the container's own netns; empty if it has none. */
	public Optional<Path> netnsDir(Container container) throws IOException {
		List<Integer> pids = CgroupProcs.read(layout.dir(container.relativeCgroupPath()));
		Optional<String> own = namespace(procRoot.resolve("self"));
		for (int pid : pids) {
			Path dir = procRoot.resolve(Integer.toString(pid));
			if (!Files.exists(dir.resolve("net/dev"))) {
				continue; // exited since we listed it
			}
			Optional<String> ns = namespace(dir);
			if (own.isPresent() && ns.isPresent() && own.equals(ns)) {
				return Optional.empty();
			}
			return Optional.of(dir);
		}
		return Optional.empty();
	}

	/** The {@code /proc/<pid>} of any live process of the container; empty if it has none. */
	public Optional<Path> anyDir(Container container) throws IOException {
		for (int pid : CgroupProcs.read(layout.dir(container.relativeCgroupPath()))) {
			Path dir = procRoot.resolve(Integer.toString(pid));
			if (Files.isDirectory(dir)) {
				return Optional.of(dir);
			}
		}
		return Optional.empty();
	}

	private static Optional<String> namespace(Path procDir) {
		try {
			return Optional.of(Files.readSymbolicLink(procDir.resolve("ns/net")).toString());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

}
