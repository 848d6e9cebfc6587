package io.containermonitor.agent.sweep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.AgentSelfMetrics;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.CollectorCatalog;
import io.containermonitor.agent.collect.CollectorRunner;
import io.containermonitor.agent.collect.ReadingCache;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TargetMeters;
import io.containermonitor.agent.container.Container;
import io.containermonitor.agent.container.ContainerDirectory;
import io.containermonitor.agent.container.PeriodicScan;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Serves container scrapes from snapshots and keeps the snapshots of the containers
 * someone scrapes current, so that a scrape only sends bytes that are already encoded.
 * <p>
 * One thread, {@code cmon-sweep}, wakes every tick and reads each watched container that
 * is due: just before the first expected scrape its snapshot can no longer serve (see
 * {@link WatchedContainer#nextReadNanos}). A reading is thus never older than its TTL,
 * taken at most once per TTL however many scrapers ask, and not more often than someone
 * scrapes. A container not scraped for {@code idle-after} is no longer read; its next
 * scrape reads it on demand, on a worker thread, as does a scrape that finds its snapshot
 * expired. The answer of a fresh snapshot is assembled on the calling (event-loop) thread
 * without any file access: the fixed text, already deflated once, then the few metrics read
 * for every scrape.
 */
@Component
public class Sweep implements SmartLifecycle {

	private final ContainerDirectory directory;

	private final ContainerReader reader;

	private final CollectorRunner runner;

	private final GzipFrames frames;

	private final AgentSelfMetrics self;

	private final LongSupplier nanoTime;

	private final long tickNanos;

	private final long idleAfterNanos;

	private final ConcurrentHashMap<UUID, WatchedContainer> watched = new ConcurrentHashMap<>();

	private final LongAdder sweepReadings = new LongAdder();

	private final LongAdder demandReadings = new LongAdder();

	private final LongAdder snapshotAnswers = new LongAdder();

	/** CPU nanoseconds the sweep thread spent reading (collectors and rendering). */
	private final LongAdder sweepCpuNanos = new LongAdder();

	/** How long the last tick's readings took; the lead before an expected scrape covers it. */
	private volatile long lastBatchNanos;

	/** The sweep's own thread; a failed tick is logged there and the next runs as planned. */
	private final PeriodicScan thread;

	@Autowired
	public Sweep(ContainerDirectory directory, CollectorCatalog catalog, CollectorRunner runner,
			AgentProperties properties, AgentSelfMetrics self) {
		this(directory, catalog, runner, properties, self, System::nanoTime);
	}

	Sweep(ContainerDirectory directory, CollectorCatalog catalog, CollectorRunner runner, AgentProperties properties,
			AgentSelfMetrics self, LongSupplier nanoTime) {
		this.directory = directory;
		this.runner = runner;
		this.self = self;
		this.nanoTime = nanoTime;
		this.reader = new ContainerReader(directory, catalog, runner, nanoTime);
		this.frames = new GzipFrames(properties.sweep().gzipLevel());
		this.tickNanos = properties.sweep().tick().toNanos();
		this.idleAfterNanos = properties.sweep().idleAfter().toNanos();
		this.thread = new PeriodicScan("cmon-sweep", this::tick, properties.sweep().tick());
		directory.addListener(this::forgetGone);
		self.counter("cmon_agent_sweep_readings", "Container readings the sweep took ahead of a scrape",
				sweepReadings::sum);
		self.counter("cmon_agent_demand_readings",
				"Container readings a scrape had to wait for (first scrape, idle container, expired snapshot)",
				demandReadings::sum);
		self.counter("cmon_agent_snapshot_answers", "Container scrapes answered from a snapshot without reading",
				snapshotAnswers::sum);
		self.counter("cmon_agent_sweep_cpu_seconds", "CPU seconds the sweep thread spent reading containers",
				() -> sweepCpuNanos.sum() / 1e9);
		self.gauge("cmon_agent_watched_containers", "Containers scraped recently, whose readings the sweep keeps current",
				watched::size);
	}

	/**
	 * The answer to a scrape if its snapshot can give it now, without blocking; empty when
	 * the container must be read first ({@link #answerReading}).
	 */
	public Optional<ScrapeAnswer> answerNow(UUID vmUuid, boolean gzip) {
		long start = nanoTime.getAsLong();
		WatchedContainer w = watched.get(vmUuid);
		Snapshot s = w == null ? null : w.snapshot();
		if (s == null || !s.freshAt(start) || s.liveBlocks()) {
			// a first scrape, an unknown container, an expired snapshot: the worker path finds out
			return Optional.empty();
		}
		Optional<Container> container = directory.findKnown(vmUuid);
		if (container.isEmpty()) {
			watched.remove(vmUuid);
			return Optional.of(ScrapeAnswer.NOT_FOUND);
		}
		w.scraped(start, gzip);
		snapshotAnswers.increment();
		ScrapeAnswer answer = answer(s, Target.of(container.get()), gzip);
		self.recordScrape(false, Duration.ofNanos(nanoTime.getAsLong() - start));
		return Optional.of(answer);
	}

	/** Reads the container if no other reading made its snapshot fresh meanwhile, then answers. Blocking. */
	public ScrapeAnswer answerReading(UUID vmUuid, boolean gzip) {
		long start = nanoTime.getAsLong();
		Optional<Container> container = directory.find(vmUuid);
		if (container.isEmpty()) {
			watched.remove(vmUuid);
			return ScrapeAnswer.NOT_FOUND;
		}
		WatchedContainer w = watched.computeIfAbsent(vmUuid, u -> new WatchedContainer(u, start));
		w.scraped(start, gzip);
		ScrapeAnswer answer;
		synchronized (w) {
			Snapshot s = w.snapshot();
			if (s != null && s.freshAt(nanoTime.getAsLong())) {
				// another scrape or the sweep read it while this one waited
				snapshotAnswers.increment();
				answer = answer(s, Target.of(container.get()), gzip);
			}
			else {
				demandReadings.increment();
				TargetMeters seenNow = new TargetMeters();
				s = reader.read(w, container.get(), nanoTime.getAsLong(), seenNow);
				answer = answer(s, seenNow, Target.of(container.get()), gzip);
			}
		}
		self.recordScrape(false, Duration.ofNanos(nanoTime.getAsLong() - start));
		return answer;
	}

	private ScrapeAnswer answer(Snapshot s, Target target, boolean gzip) {
		if (!s.running()) {
			return ScrapeAnswer.NOT_FOUND;
		}
		byte[] fresh = live(s, target);
		if (gzip) {
			return new ScrapeAnswer(true, GzipFrames.gzip(s.deflated(frames), s.text(), fresh), true);
		}
		return new ScrapeAnswer(true, concat(s.text(), fresh), false);
	}

	/** The on-demand answer: the reading as the waiting scrape saw it (its readings not cached). */
	private ScrapeAnswer answer(Snapshot s, TargetMeters seenNow, Target target, boolean gzip) {
		if (!s.running()) {
			return ScrapeAnswer.NOT_FOUND;
		}
		byte[] text = concat(seenNow.render().getBytes(StandardCharsets.UTF_8), live(s, target));
		if (!gzip) {
			return new ScrapeAnswer(true, text, false);
		}
		return new ScrapeAnswer(true, GzipFrames.gzip(frames.deflateOpen(text), text, new byte[0]), true);
	}

	/** The collectors read for every scrape, rendered. */
	private byte[] live(Snapshot s, Target target) {
		if (s.live().isEmpty()) {
			return new byte[0];
		}
		TargetMeters meters = new TargetMeters();
		for (Collector c : s.live()) {
			meters.apply(new ReadingCache.Lookup(runner.run(c, target), false));
		}
		return meters.render().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		if (b.length == 0) {
			return a;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
		out.writeBytes(a);
		out.writeBytes(b);
		return out.toByteArray();
	}

	/** One tick: reads the watched containers that are due, forgets the idle ones. */
	void tick() {
		long now = nanoTime.getAsLong();
		// A container due just after a tick starts is read by the next one, which begins a
		// tick after this batch ends and may take a batch to reach it: the lead covers both,
		// twice. (With a lead of two ticks only, 1,000 containers scraped in one burst were a
		// quarter of them read too late, by the scrape itself.)
		long lead = 2 * (tickNanos + lastBatchNanos);
		long batchStart = now;
		long cpuStart = SweepCpu.threadCpuNanos();
		for (Iterator<WatchedContainer> it = watched.values().iterator(); it.hasNext();) {
			WatchedContainer w = it.next();
			if (now - w.lastScrapeNanos() > idleAfterNanos) {
				it.remove();
				continue;
			}
			if (now - w.nextReadNanos(lead) < 0) {
				continue;
			}
			Optional<Container> container = directory.find(w.vmUuid());
			if (container.isEmpty()) {
				it.remove();
				continue;
			}
			Snapshot s = reader.read(w, container.get(), now + lead, null);
			if (w.wantsGzip() && s.running()) {
				s.deflated(frames); // once here rather than on the event loop of the first scrape
			}
			sweepReadings.increment();
		}
		long end = nanoTime.getAsLong();
		lastBatchNanos = end - batchStart;
		sweepCpuNanos.add(SweepCpu.threadCpuNanos() - cpuStart);
	}

	private void forgetGone(Collection<Container> present) {
		Set<UUID> uuids = new HashSet<>();
		present.forEach(c -> uuids.add(c.vmUuid()));
		watched.keySet().retainAll(uuids);
	}

	/** Containers whose snapshots the sweep keeps now. */
	public int watchedCount() {
		return watched.size();
	}

	@Override
	public void start() {
		thread.start();
	}

	@Override
	public void stop() {
		thread.stop();
	}

	@Override
	public boolean isRunning() {
		return thread.isRunning();
	}

}
