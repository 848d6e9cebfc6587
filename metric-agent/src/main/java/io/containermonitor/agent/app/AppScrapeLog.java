package io.containermonitor.agent.app;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containermonitor.agent.container.Container;

/**
 * Counts every application scrape per container and result in
 * {@code cmon_agent_app_scrapes_total{vm_uuid,result}} (the agent's management endpoint: the
 * operator's view of how scrapes go, never the tenant's data), and logs a container's failure
 * when its reason changes, so that an application down for a day is one line, not thousands.
 */
class AppScrapeLog {

	private static final Logger log = LoggerFactory.getLogger(AppScrapeLog.class);

	static final String METRIC = "cmon.agent.app.scrapes";

	private final MeterRegistry registry;

	private final Map<UUID, AppScrapeFailure> lastFailure = new ConcurrentHashMap<>();

	AppScrapeLog(MeterRegistry registry) {
		this.registry = registry;
	}

	void succeeded(UUID vm, AppAnswer answer) {
		counter(vm, "ok").increment();
		if (lastFailure.remove(vm) != null) {
			log.info("application of container {} answers again ({} samples)", vm, answer.samples());
		}
	}

	void failed(UUID vm, AppScrapeException ex) {
		counter(vm, ex.failure().tag()).increment();
		AppScrapeFailure before = lastFailure.put(vm, ex.failure());
		Throwable cause = ex.getCause();
		if (before != ex.failure()) {
			log.warn("application scrape of container {} failed ({}): {}{}", vm, ex.failure().tag(), ex.getMessage(),
					cause == null ? "" : " (" + cause + ")");
		}
		else if (log.isDebugEnabled()) {
			log.debug("application scrape of container {} failed again ({}): {}", vm, ex.failure().tag(), ex.getMessage());
		}
	}

	/** Forgets the containers that are gone, and their counters. */
	void retain(Collection<Container> present) {
		Set<String> uuids = present.stream().map(c -> c.vmUuid().toString()).collect(Collectors.toSet());
		lastFailure.keySet().removeIf(vm -> !uuids.contains(vm.toString()));
		registry.find(METRIC).meters().stream()
			.filter(m -> !uuids.contains(m.getId().getTag("vm_uuid")))
			.forEach(registry::remove);
	}

	private Counter counter(UUID vm, String result) {
		return Counter.builder(METRIC)
			.description("Scrapes of containers' own applications, by container and result")
			.tag("vm_uuid", vm.toString())
			.tag("result", result)
			.register(registry);
	}

}
