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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;

/**
 * Walks the cgroup tree once and lists the containers in it. A container's own
 * child cgroups (a pod's containers excepted, which are containers themselves)
 * belong to it and are not searched.
 */
public final class ContainerScanner {

	private static final Logger log = LoggerFactory.getLogger(ContainerScanner.class);

	private final CgroupLayout layout;

	private final RuntimeCgroupNames names;

	private final ContainerIdentity identity;

	private final DockerMetadata docker;

	private final ConfiguredAppEndpoints appEndpoints;

	private final int maxDepth;

	private final Clock clock;

	private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

	private final LongAdder unreadableReads = new LongAdder();

	public ContainerScanner(CgroupLayout layout, AgentProperties properties, Clock clock) {
		this.layout = layout;
		this.names = new RuntimeCgroupNames(properties.discovery().roots());
		this.identity = new ContainerIdentity(properties.owner());
		this.docker = new DockerMetadata(properties.discovery().dockerRoot());
		this.appEndpoints = new ConfiguredAppEndpoints(properties.app());
		this.maxDepth = properties.discovery().maxDepth();
		this.clock = clock;
	}

	/**
	 * The containers now present.
	 * @param known containers found before, by cgroup path, whose first-seen time is kept
	 */
	public Scan scan(Map<String, Container> known) throws IOException {
		Path root = layout.hierarchy();
		List<Container> found = new ArrayList<>();
		List<Path> walked = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return new Scan(found, walked);
		}
		Files.walkFileTree(root, Set.of(), maxDepth, new FileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				if (dir.equals(root)) {
					walked.add(dir);
					return FileVisitResult.CONTINUE;
				}
				String cgroupPath = "/" + root.relativize(dir).toString().replace('\\', '/');
				Optional<CgroupMatch> match = names.recognise(cgroupPath);
				if (match.isEmpty()) {
					walked.add(dir);
					return FileVisitResult.CONTINUE;
				}
				Container container = describe(match.get(), cgroupPath, dir, known.get(cgroupPath));
				if (container != null) {
					found.add(container);
				}
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
		return new Scan(found, walked);
	}

	/**
	 * What one scan found.
	 *
	 * @param containers the containers
	 * @param walked the directories searched that are not containers (where new ones appear)
	 */
	public record Scan(List<Container> containers, List<Path> walked) {
	}

	/**
	 * Logs once per cgroup that what decides whether and to whom it is served (its processes,
	 * its runtime's metadata) cannot be read, and counts every time.
	 */
	void unreadable(String cgroupPath, IOException ex) {
		unreadableReads.increment();
		if (unreadable.add(cgroupPath)) {
			log.warn("cannot read cgroup {} ({}); it is not served until it can be read", cgroupPath, ex.toString());
		}
	}

	/** How many times a container's processes or metadata could not be read (not "gone": unreadable). */
	public long unreadableReads() {
		return unreadableReads.sum();
	}

	/**
	 * The container of a recognised cgroup, or null when its owner cannot be established
	 * (logged once, counted; looked at again by the next scan). A container found before
	 * keeps its identity (its labels cannot change while it lives): only whether it runs is
	 * read again.
	 */
	private Container describe(CgroupMatch match, String cgroupPath, Path dir, Container before) {
		boolean running;
		try {
			running = CgroupProcs.hasProcesses(layout.files(), dir);
		}
		catch (IOException ex) {
			unreadable(cgroupPath, ex);
			return null;
		}
		if (before != null) {
			return before.running() == running ? before : before.withRunning(running);
		}
		Map<String, String> labels = Map.of();
		String alias = match.name();
		if (match.runtimeId() != null && match.runtime().equals("docker")) {
			DockerMetadata.Metadata meta;
			try {
				meta = docker.read(match.runtimeId());
			}
			catch (IOException ex) {
				unreadable(cgroupPath, ex);
				return null;
			}
			labels = meta.labels();
			alias = meta.name() != null ? meta.name() : alias;
		}
		if (unreadable.remove(cgroupPath)) {
			log.info("cgroup {} can be read again; it is served", cgroupPath);
		}
		if (alias == null) {
			alias = match.runtimeId() != null ? match.runtimeId().substring(0, 12) : dir.getFileName().toString();
		}
		labels = appEndpoints.withConfigured(alias, labels);
		UUID uuid = identity.vmUuid(match, cgroupPath, labels);
		UUID owner = identity.ownerUuid(alias, labels);
		return new Container(uuid, alias, match.runtime(), match.runtimeId(), cgroupPath, labels, owner, running,
				clock.instant());
	}

}
