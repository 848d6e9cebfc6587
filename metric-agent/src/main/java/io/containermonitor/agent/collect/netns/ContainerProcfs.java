package io.containermonitor.agent.collect.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;
import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Finds the procfs directory through which a container's network namespace is read:
 * {@code <proc-root>/<pid>} of any process of the container. Reading
 * {@code /proc/<pid>/net/...} shows that process's namespace without entering it.
 * A container that shares the agent's own namespace (host networking) has none of
 * its own: its "interfaces" would be the node's, so none are reported. Found once per
 * reading from the process list every collector shares.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class ContainerProcfs {

	private static final Target.Shared<ProcDir> NETNS = new Target.Shared<>("the container's netns procfs dir",
			ProcDir.class);

	private final CgroupLayout layout;

	private final Path procRoot;

	/** The agent's own network namespace, read once: a process's namespace does not change under it. */
	private volatile Optional<String> own;

	public ContainerProcfs(CgroupLayout layout, AgentProperties properties) {
		this.layout = layout;
		this.procRoot = properties.procRoot();
	}

	/** The {@code /proc/<pid>} of a process in the container's own netns; empty if it has none. */
	public Optional<Path> netnsDir(Target target) throws IOException {
		return target.shared(NETNS, () -> new ProcDir(findNetnsDir(target))).dir();
	}

	/** The {@code /proc/<pid>} of any live process of the container; empty if it has none. */
	public Optional<Path> anyDir(Target target) throws IOException {
		for (int pid : CgroupProcs.of(target, layout)) {
			Path dir = procRoot.resolve(Integer.toString(pid));
			if (Files.isDirectory(dir)) {
				return Optional.of(dir);
			}
		}
		return Optional.empty();
	}

	private Optional<Path> findNetnsDir(Target target) throws IOException {
		Optional<String> agent = ownNamespace();
		for (int pid : CgroupProcs.of(target, layout)) {
			Path dir = procRoot.resolve(Integer.toString(pid));
			Optional<String> ns = namespace(dir);
			if (ns.isEmpty() && !Files.exists(dir.resolve("net/dev"))) {
				continue; // exited since we listed it
			}
			if (agent.isPresent() && agent.equals(ns)) {
				return Optional.empty();
			}
			return Optional.of(dir);
		}
		return Optional.empty();
	}

	private Optional<String> ownNamespace() {
		Optional<String> known = own;
		if (known == null) {
			known = namespace(procRoot.resolve("self"));
			own = known;
		}
		return known;
	}

	private static Optional<String> namespace(Path procDir) {
		try {
			return Optional.of(Files.readSymbolicLink(procDir.resolve("ns/net")).toString());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

	private record ProcDir(Optional<Path> dir) {
	}

}
