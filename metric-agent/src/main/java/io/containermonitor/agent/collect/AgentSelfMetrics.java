package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import io.containermonitor.agent.container.ContainerDirectory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The agent's own metrics, appended to {@code /v1/gz/metrics} as cmon-agent appends
 * its self metrics (reference 2.3): scrape durations, readings, containers known. The
 * parts of the agent that count something register it here. Thread-safe.
 */
@Component
public class AgentSelfMetrics {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final List<Object> sources = new CopyOnWriteArrayList<>();

	private final Timer containerScrapes;

	private final Timer nodeScrapes;

	public AgentSelfMetrics(ContainerDirectory containers) {
		containerScrapes = Timer.builder("cmon_agent_scrape_duration")
			.description("Time the agent took to serve one metrics request")
			.tag("target", "container")
			.register(registry);
		nodeScrapes = Timer.builder("cmon_agent_scrape_duration")
			.description("Time the agent took to serve one metrics request")
			.tag("target", "gz")
			.register(registry);
		gauge("cmon_agent_containers", "Containers the agent found on this node", () -> containers.all().size());
	}

	public void recordScrape(boolean node, Duration took) {
		(node ? nodeScrapes : containerScrapes).record(took);
	}

	/** Registers a counter read from {@code value} at each scrape ({@code _total} is added). */
	public void counter(String name, String help, DoubleSupplier value) {
		// Micrometer keeps only a weak reference to a function counter's object: held here, it
		// lives as long as the agent (a lambda nobody else holds would read as 0 after a GC).
		sources.add(value);
		FunctionCounter.builder(name, value, DoubleSupplier::getAsDouble).description(help).register(registry);
	}

	/** Registers a gauge read from {@code value} at each scrape. */
	public void gauge(String name, String help, Supplier<? extends Number> value) {
		Gauge.builder(name, value, s -> s.get().doubleValue()).description(help).strongReference(true).register(registry);
	}

	public String render() {
		return registry.scrape();
	}

}
