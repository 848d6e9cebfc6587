package io.containermonitor.agent.sweep;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.CollectorCatalog;
import io.containermonitor.agent.collect.CollectorRunner;
import io.containermonitor.agent.collect.Outcome;
import io.containermonitor.agent.collect.ReadingCache;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TargetMeters;
import io.containermonitor.agent.container.Container;
import io.containermonitor.agent.container.ContainerDirectory;

/**
 * Takes one reading of a container: runs each collector whose last outcome has expired
 * (all of them share one {@link Target}, so the process list is read once), keeps the
 * others, confirms the container still runs (cmon-agent's {@code _confirmSanity}), and
 * renders the snapshot. Collectors with no TTL ({@code time}) are left to each scrape.
 * Blocking: runs on the sweep thread or a worker, never on the event loop.
 */
final class ContainerReader {

	private final ContainerDirectory directory;

	private final CollectorCatalog catalog;

	private final CollectorRunner runner;

	private final LongSupplier nanoTime;

	ContainerReader(ContainerDirectory directory, CollectorCatalog catalog, CollectorRunner runner,
			LongSupplier nanoTime) {
		this.directory = directory;
		this.catalog = catalog;
		this.runner = runner;
		this.nanoTime = nanoTime;
	}

	/**
	 * Reads the container into a new snapshot of {@code watched}.
	 * @param reuseUntilNanos outcomes still valid at this time are kept rather than read again
	 * @param seenNow where to render the reading as the scrape that asked for it sees it
	 * (readings taken now are not cached), or null when no scrape waits for it
	 */
	Snapshot read(WatchedContainer watched, Container container, long reuseUntilNanos, TargetMeters seenNow) {
		synchronized (watched) {
			long now = nanoTime.getAsLong();
			Target target = Target.of(container);
			TargetMeters later = new TargetMeters();
			List<Collector> live = new ArrayList<>();
			boolean liveBlocks = false;
			Set<String> names = new HashSet<>();
			long expires = Long.MAX_VALUE;
			for (Collector c : catalog.forTarget(target)) {
				names.add(c.name());
				if (c.ttl().isZero() || c.ttl().isNegative()) {
					live.add(c);
					liveBlocks |= c.blocking();
					continue;
				}
				Outcome outcome = watched.validOutcome(c.name(), reuseUntilNanos);
				boolean fresh = outcome == null;
				long expiry;
				if (fresh) {
					outcome = runner.run(c, target);
					expiry = watched.keep(outcome, now);
				}
				else {
					expiry = watched.expiresAt(c.name());
				}
				expires = Math.min(expires, expiry);
				later.apply(new ReadingCache.Lookup(outcome, true));
				if (seenNow != null) {
					seenNow.apply(new ReadingCache.Lookup(outcome, !fresh));
				}
			}
			watched.retain(names);
			boolean running = directory.isRunning(target);
			if (expires == Long.MAX_VALUE) {
				expires = now; // nothing but live collectors: every scrape reads them anyway
			}
			Snapshot snapshot = new Snapshot(later.render().getBytes(StandardCharsets.UTF_8), now, expires, running,
					live, liveBlocks);
			watched.snapshot(snapshot);
			return snapshot;
		}
	}

}
