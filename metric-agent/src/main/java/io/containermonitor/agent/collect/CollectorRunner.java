package io.containermonitor.agent.collect;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one collector for one target: times it and catches its failure. This is the
 * only place collector errors are caught. A failure makes the collector unavailable
 * for this reading only; unlike cmon-agent (reference section 9.4) a collector is
 * never switched off, so it comes back by itself as soon as its source does.
 */
@Component
public class CollectorRunner {

	private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

	/** Collector/target pairs whose last run failed: a failure is logged at warn once, not every scrape. */
	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	public Outcome run(Collector collector, Target target) {
		long start = System.nanoTime();
		Readings readings = new Readings();
		try {
			collector.collect(target, readings);
			if (failing.remove(collector.name() + "/" + target.key())) {
				log.debug("collector {} recovered for {}", collector.name(), target.key());
			}
			Duration ttl = readings.ttlOverride() != null ? readings.ttlOverride() : collector.ttl();
			return new Outcome(collector.name(), true, readings.values(), readings.families(), seconds(start), ttl);
		}
		catch (Exception | LinkageError ex) {
			// LinkageError: a native library (OSHI/JNA) missing on this platform loses that
			// collector only. A container whose cgroup vanished mid-read fails with NoSuchFileException:
			// routine, so debug; the scraper then answers 404 or partial metrics. Anything
			// else (a malformed kernel file, a broken plugin) is a misbehaving source: warn,
			// once until it recovers.
			boolean first = failing.add(collector.name() + "/" + target.key());
			if (!first || ex instanceof NoSuchFileException) {
				log.debug("collector {} failed for {}: {}", collector.name(), target.key(), ex.toString());
			}
			else {
				log.warn("collector {} failed for {}: {}", collector.name(), target.key(), ex.toString());
			}
			return new Outcome(collector.name(), false, List.of(), List.of(), seconds(start), collector.ttl());
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
