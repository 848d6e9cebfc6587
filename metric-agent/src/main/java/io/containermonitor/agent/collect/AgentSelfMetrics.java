package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The agent's own metrics, appended to {@code /v1/gz/metrics} as cmon-agent appends
 * its self metrics (reference 2.3): scrape durations, cache hits, containers known.
 * Thread-safe.
 */
public final class AgentSelfMetrics {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final Timer containerScrapes;

	private final Timer nodeScrapes;

	public AgentSelfMetrics(ReadingCache cache, Supplier<Integer> containers) {
		containerScrapes = Timer.builder("cmon_agent_scrape_duration")
			.description("Time the agent took to serve one metrics request")
			.tag("target", "container")
			.register(registry);
		nodeScrapes = Timer.builder("cmon_agent_scrape_duration")
			.description("Time the agent took to serve one metrics request")
			.tag("target", "gz")
			.register(registry);
		FunctionCounter.builder("cmon_agent_cache_hits", cache, ReadingCache::hits)
			.description("Collector readings served from the cache")
			.register(registry);
		FunctionCounter.builder("cmon_agent_cache_misses", cache, ReadingCache::misses)
			.description("Collector readings taken because the cache had none fresh")
			.register(registry);
		Gauge.builder("cmon_agent_cached_items", cache, ReadingCache::size)
			.description("Collector readings held in the cache")
			.strongReference(true)
			.register(registry);
		Gauge.builder("cmon_agent_containers", containers, s -> s.get())
			.description("Containers the agent found on this node")
			.strongReference(true)
			.register(registry);
	}

	public void recordScrape(boolean node, Duration took) {
		(node ? nodeScrapes : containerScrapes).record(took);
	}

	public String render() {
		return registry.scrape();
	}

}
