package io.containermonitor.agent.collect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.containermonitor.agent.AgentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The collectors that run: every {@link Collector} bean not switched off with
 * {@code cmon.agent.collectors.<name>.enabled=false}, then the dynamic ones (plugins).
 * Logs the enabled list once at start-up.
 */
@Component
public class CollectorCatalog {

	private static final Logger log = LoggerFactory.getLogger(CollectorCatalog.class);

	private final List<Collector> collectors;

	private final List<DynamicCollectors> dynamic;

	private final AgentProperties properties;

	public CollectorCatalog(List<Collector> beans, List<DynamicCollectors> dynamic, AgentProperties properties) {
		this.properties = properties;
		this.dynamic = List.copyOf(dynamic);
		this.collectors = beans.stream()
			.filter(c -> properties.isEnabled(c.name()))
			.sorted(Comparator.comparing(Collector::name))
			.toList();
		log.info("enabled collectors: {}", collectors.stream().map(c -> c.name() + "(" + c.scope() + ")").toList());
		List<String> off = beans.stream().map(Collector::name).filter(n -> !properties.isEnabled(n)).toList();
		if (!off.isEmpty()) {
			log.info("disabled collectors: {}", off);
		}
	}

	/** The collectors for a target, in a stable order. */
	public List<Collector> forTarget(Target target) {
		List<Collector> list = new ArrayList<>();
		for (Collector c : collectors) {
			if (c.scope().covers(target)) {
				list.add(c);
			}
		}
		for (DynamicCollectors d : dynamic) {
			for (Collector c : d.current(target)) {
				if (properties.isEnabled(c.name()) && c.scope().covers(target)) {
					list.add(c);
				}
			}
		}
		return list;
	}

}
