package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Serves the node's own metrics ({@code gz}): runs the node collectors through the cache
 * and renders them, then the agent's own metrics. Containers are served by the sweep's
 * snapshots ({@link io.containermonitor.agent.sweep.Sweep}). Blocking: call off
 * event-loop threads.
 */
@Component
public class TargetScraper {

	private final CollectorCatalog catalog;

	private final CollectorRunner runner;

	private final ReadingCache cache = new ReadingCache(System::nanoTime);

	private final TargetMeters meters = new TargetMeters();

	private final AgentSelfMetrics self;

	public TargetScraper(CollectorCatalog catalog, CollectorRunner runner, AgentSelfMetrics self) {
		this.catalog = catalog;
		this.runner = runner;
		this.self = self;
		self.counter("cmon_agent_cache_hits", "Node collector readings served from the cache", cache::hits);
		self.counter("cmon_agent_cache_misses", "Node collector readings taken because the cache had none fresh",
				cache::misses);
	}

	/** The node's metrics, then the agent's own. */
	public String scrapeNode() {
		long start = System.nanoTime();
		Target target = Target.node();
		List<Collector> collectors = catalog.forTarget(target);
		Set<String> names = new HashSet<>();
		String text;
		synchronized (meters) {
			for (Collector c : collectors) {
				names.add(c.name());
				meters.apply(cache.get(target.key(), c.name(), () -> runner.run(c, target)));
			}
			meters.retain(names);
			text = meters.render();
		}
		self.recordScrape(true, Duration.ofNanos(System.nanoTime() - start));
		return text + self.render();
	}

}
