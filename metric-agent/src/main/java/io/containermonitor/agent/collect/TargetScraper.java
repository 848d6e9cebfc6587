package io.containermonitor.agent.collect;

import java.util.Collection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.containermonitor.agent.container.Container;
import io.containermonitor.agent.container.ContainerDirectory;

import org.springframework.stereotype.Component;

/**
 * Serves one target's metrics: runs its collectors through the cache and renders its
 * meters. A container is served only while its cgroup has processes; if it vanishes
 * during collection (as cmon-agent's {@code _confirmSanity}) the answer is "not found",
 * never an error for anyone else. Blocking: call off event-loop threads.
 */
@Component
public class TargetScraper {

	private final ContainerDirectory inventory;

	private final CollectorCatalog catalog;

	private final CollectorRunner runner;

	private final ReadingCache cache = new ReadingCache(System::nanoTime);

	private final Map<String, TargetMeters> meters = new ConcurrentHashMap<>();

	private final AgentSelfMetrics self;

	public TargetScraper(ContainerDirectory inventory, CollectorCatalog catalog, CollectorRunner runner) {
		this.inventory = inventory;
		this.catalog = catalog;
		this.runner = runner;
		this.self = new AgentSelfMetrics(cache, () -> inventory.all().size());
		inventory.addListener(this::forgetGone);
	}

	/** The container's metrics text, or empty when it is unknown or not running. */
	public Optional<String> scrapeContainer(UUID vmUuid) {
		long start = System.nanoTime();
		Optional<Container> found = inventory.find(vmUuid).filter(inventory::isRunning);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Container container = found.get();
		Target target = Target.of(container);
		String text = collect(target);
		if (!inventory.isRunning(container)) {
			forget(target.key());
			return Optional.empty();
		}
		self.recordScrape(false, Duration.ofNanos(System.nanoTime() - start));
		return Optional.of(text);
	}

	/** The node's metrics, then the agent's own. */
	public String scrapeNode() {
		long start = System.nanoTime();
		String text = collect(Target.node());
		self.recordScrape(true, Duration.ofNanos(System.nanoTime() - start));
		return text + self.render();
	}

	private String collect(Target target) {
		TargetMeters m = meters.computeIfAbsent(target.key(), k -> new TargetMeters());
		List<Collector> collectors = catalog.forTarget(target);
		Set<String> names = new HashSet<>();
		for (Collector c : collectors) {
			names.add(c.name());
			m.apply(cache.get(target.key(), c.name(), () -> runner.run(c, target)));
		}
		m.retain(names);
		return m.render();
	}

	private void forgetGone(Collection<Container> present) {
		Set<String> keys = new HashSet<>();
		present.forEach(c -> keys.add(c.vmUuid().toString()));
		keys.add(Target.NODE_KEY);
		for (String key : List.copyOf(meters.keySet())) {
			if (!keys.contains(key)) {
				forget(key);
			}
		}
	}

	private void forget(String key) {
		meters.remove(key);
		cache.evict(key);
	}

}
