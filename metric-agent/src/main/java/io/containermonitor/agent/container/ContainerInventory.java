package io.containermonitor.agent.container;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;
import org.springframework.context.annotation.Conditional;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.CgroupProcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The containers on this node, kept current by re-scanning the cgroup tree every
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

	/** Whether the container's cgroup still exists and has processes, read now. */
	@Override
	public boolean isRunning(Container container) {
		return CgroupProcs.hasProcesses(layout.dir(container.relativeCgroupPath()));
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
			found = scanner.scan(byPath);
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
		if (log.isDebugEnabled()) {
			log.debug("containers changed: {} before, {} now", before.size(), next.size());
		}
		listeners.forEach(l -> l.accept(containers.values()));
		return true;
	}

	@Override
	public synchronized void start() {
		refresh();
		log.info("cgroup {} layout, searching {}: {} containers", layout.version(), layout.hierarchy(),
				containers.size());
		scanning.start();
	}

	@Override
	public synchronized void stop() {
		scanning.stop();
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
