package io.containermonitor.agent.container;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The containers on this node, kept current by watching the cgroup tree for new and
 * removed cgroups ({@link CgroupWatch}) and by re-scanning it every
 * {@code cmon.agent.discovery.interval}. Listeners hear of every change (a container
 * new, gone, started or stopped). Thread-safe: the map is replaced whole.
 */
@Component
@Conditional(LinuxBackendCondition.class)
public class ContainerInventory implements ContainerDirectory, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ContainerInventory.class);

	private final ContainerScanner scanner;

	private final CgroupLayout layout;

	private final AgentProperties properties;

	private final List<Consumer<Collection<Container>>> listeners = new CopyOnWriteArrayList<>();

	private volatile Map<UUID, Container> containers = Map.of();

	private final PeriodicScan scanning;

	/**
	 * A change is scanned for after this pause, so that a runtime making a container's
	 * cgroups (one per v1 controller, then its processes) is seen once, finished.
	 */
	private static final Duration WATCH_SETTLE = Duration.ofMillis(100);

	/** Under constant churn, at most one scan a second is triggered by changes. */
	private static final Duration WATCH_SPACING = Duration.ofSeconds(1);

	private CgroupWatch watch;

	public ContainerInventory(CgroupLayout layout, AgentProperties properties) {
		this.layout = layout;
		this.properties = properties;
		this.scanning = new PeriodicScan("container-scan", this::refresh, properties.discovery().interval());
		this.scanner = new ContainerScanner(layout, properties, Clock.systemUTC());
	}

	@Override
	public Optional<Container> find(UUID vmUuid) {
		return Optional.ofNullable(containers.get(vmUuid));
	}

	@Override
	public Collection<Container> all() {
		return containers.values();
	}

	/**
	 * Whether the container's cgroup still exists and has processes, read now. A
	 * {@code cgroup.procs} that cannot be read (a permission problem) is not "no processes":
	 * it is logged once per container and counted, and the container is not served.
	 */
	@Override
	public boolean isRunning(Container container) {
		try {
			return CgroupProcs.hasProcesses(layout.files(), layout.dir(container.relativeCgroupPath()));
		}
		catch (IOException ex) {
			scanner.unreadable(container.cgroupPath(), ex);
			return false;
		}
	}

	/** How many times a container could not be read (processes or metadata), so was not served. */
	public long unreadableReads() {
		return scanner.unreadableReads();
	}

	/**
	 * The reading's own process list (read once for all its collectors) says whether the
	 * container has processes; its cgroup directory still being there says it did not vanish
	 * while the collectors read it.
	 */
	@Override
	public boolean isRunning(Target reading) {
		Container container = reading.requireContainer();
		try {
			return !CgroupProcs.of(reading, layout).isEmpty()
					&& Files.isDirectory(layout.dir(container.relativeCgroupPath()));
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			scanner.unreadable(container.cgroupPath(), ex);
			return false;
		}
	}

	@Override
	public void addListener(Consumer<Collection<Container>> listener) {
		listeners.add(listener);
	}

	/** Scans now; returns whether anything changed. */
	@Override
	public synchronized boolean refresh() {
		Map<String, Container> byPath = new HashMap<>();
		containers.values().forEach(c -> byPath.put(c.cgroupPath(), c));
		List<Container> found;
		try {
			ContainerScanner.Scan scan = scanner.scan(byPath);
			found = scan.containers();
			if (watch != null) {
				watch.watch(scan.walked());
			}
		}
		catch (IOException ex) {
			log.warn("cannot scan cgroup tree {}: {}", layout.hierarchy(), ex.toString());
			return false;
		}
		Map<UUID, Container> next = new LinkedHashMap<>();
		for (Container c : found) {
			Container clash = next.putIfAbsent(c.vmUuid(), c);
			if (clash != null) {
				log.warn("containers {} and {} map to the same VM uuid {}; serving the first", clash.cgroupPath(),
						c.cgroupPath(), c.vmUuid());
			}
		}
		if (next.equals(containers)) {
			return false;
		}
		Map<UUID, Container> before = containers;
		containers = Map.copyOf(next);
		Set<String> present = new HashSet<>();
		next.values().forEach(c -> present.add(c.cgroupPath()));
		before.values()
			.stream()
			.filter(c -> !present.contains(c.cgroupPath()))
			.forEach(c -> layout.forget(c.relativeCgroupPath()));
		if (log.isDebugEnabled()) {
			log.debug("containers changed: {} before, {} now", before.size(), next.size());
		}
		listeners.forEach(l -> l.accept(containers.values()));
		return true;
	}

	@Override
	public synchronized void start() {
		if (properties.discovery().watch()) {
			try {
				watch = new CgroupWatch(() -> scanning.soon(WATCH_SETTLE, WATCH_SPACING));
			}
			catch (IOException ex) {
				log.warn("cannot watch the cgroup tree ({}); new containers are found by the scan every {}",
						ex.toString(), properties.discovery().interval());
			}
		}
		refresh();
		log.info("cgroup {} layout, searching {}: {} containers, {} directories watched", layout.version(),
				layout.hierarchy(), containers.size(), watch == null ? 0 : watch.watched());
		scanning.start();
	}

	@Override
	public synchronized void stop() {
		scanning.stop();
		if (watch != null) {
			watch.close();
			watch = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return scanning.isRunning();
	}

	/**
	 * Starts before the web server and registration (both at later phases), so the first
	 * request and the first registration already see the containers.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
