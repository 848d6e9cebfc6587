package io.containermonitor.agent.container;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;

/**
 * Walks the cgroup tree once and lists the containers in it. A container's own
 * child cgroups (a pod's containers excepted, which are containers themselves)
 * belong to it and are not searched.
 */
public final class ContainerScanner {

	private final CgroupLayout layout;

	private final RuntimeCgroupNames names;

	private final ContainerIdentity identity;

	private final DockerMetadata docker;

	private final int maxDepth;

	private final Clock clock;

	public ContainerScanner(CgroupLayout layout, AgentProperties properties, Clock clock) {
		this.layout = layout;
		this.names = new RuntimeCgroupNames(properties.discovery().roots());
		this.identity = new ContainerIdentity(properties.owner());
		this.docker = new DockerMetadata(properties.discovery().dockerRoot());
		this.maxDepth = properties.discovery().maxDepth();
		this.clock = clock;
	}

	/**
	 * The containers now present.
	 * @param known containers found before, by cgroup path, whose first-seen time is kept
	 */
	public List<Container> scan(Map<String, Container> known) throws IOException {
		Path root = layout.hierarchy();
		List<Container> found = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return found;
		}
		Files.walkFileTree(root, Set.of(), maxDepth, new FileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				if (dir.equals(root)) {
					return FileVisitResult.CONTINUE;
				}
				String cgroupPath = "/" + root.relativize(dir).toString().replace('\\', '/');
				Optional<CgroupMatch> match = names.recognise(cgroupPath);
				if (match.isEmpty()) {
					return FileVisitResult.CONTINUE;
				}
				found.add(describe(match.get(), cgroupPath, dir, known.get(cgroupPath)));
				return FileVisitResult.SKIP_SUBTREE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException exc) {
				// a cgroup removed while we walked: it is simply not there any more
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
				return FileVisitResult.CONTINUE;
			}
		});
		return found;
	}

	private Container describe(CgroupMatch match, String cgroupPath, Path dir, Container before) {
		Map<String, String> labels = Map.of();
		String alias = match.name();
		if (match.runtimeId() != null && match.runtime().equals("docker")) {
			Optional<DockerMetadata.Metadata> meta = docker.read(match.runtimeId());
			if (meta.isPresent()) {
				labels = meta.get().labels();
				alias = meta.get().name() != null ? meta.get().name() : alias;
			}
		}
		if (alias == null) {
			alias = match.runtimeId() != null ? match.runtimeId().substring(0, 12) : dir.getFileName().toString();
		}
		UUID uuid = identity.vmUuid(match, cgroupPath, labels);
		UUID owner = identity.ownerUuid(alias, labels);
		boolean running = CgroupProcs.hasProcesses(dir);
		return new Container(uuid, alias, match.runtime(), match.runtimeId(), cgroupPath, labels, owner, running,
				before != null ? before.firstSeen() : clock.instant());
	}

}
