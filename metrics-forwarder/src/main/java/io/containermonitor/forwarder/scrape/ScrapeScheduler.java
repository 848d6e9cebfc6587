package io.containermonitor.forwarder.scrape;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.SampleDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * Scrapes every target once per interval, each at its own fixed offset within the
 * interval (spread by a hash of its URL, as Prometheus does), with at most
 * {@code max-concurrency} scrapes in flight. A target whose previous scrape is still
 * running is skipped for that round; one that answered 429 is left alone until its
 * {@code Retry-After} has passed. Results are counted, logged when a target's state
 * changes, and successful samples go to the sinks.
 */
public class ScrapeScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ScrapeScheduler.class);

	private final Scraper scraper;

	private final ScrapeMetrics metrics;

	private final SampleDispatcher dispatcher;

	private final Duration interval;

	private final int maxConcurrency;

	private final long seed;

	private final Clock clock;

	private final Map<UUID, Scheduled> scheduled = new ConcurrentHashMap<>();

	private final Sinks.Many<Scheduled> due = Sinks.many().unicast().onBackpressureBuffer();

	private volatile ScheduledExecutorService ticker;

	private volatile Disposable pipeline;

	public ScrapeScheduler(Scraper scraper, ScrapeMetrics metrics, SampleDispatcher dispatcher, Duration interval,
			int maxConcurrency, long seed, Clock clock) {
		this.scraper = scraper;
		this.metrics = metrics;
		this.dispatcher = dispatcher;
		this.interval = interval;
		this.maxConcurrency = maxConcurrency;
		this.seed = seed;
		this.clock = clock;
	}

	/** Replaces the target list: new targets start, gone ones stop, changed ones restart. */
	public synchronized void update(List<Target> targets) {
		Set<UUID> current = new HashSet<>();
		for (Target target : targets) {
			current.add(target.vmUuid());
			Scheduled existing = scheduled.get(target.vmUuid());
			if (existing != null && existing.target.equals(target)) {
				continue;
			}
			if (existing != null) {
				existing.cancel();
			}
			Scheduled added = new Scheduled(target);
			scheduled.put(target.vmUuid(), added);
			if (ticker != null) {
				added.schedule();
			}
		}
		scheduled.entrySet().removeIf(entry -> {
			if (current.contains(entry.getKey())) {
				return false;
			}
			entry.getValue().cancel();
			logger.debug("Target {} ({}) is gone from discovery; no longer scraped", entry.getKey(),
					entry.getValue().target.scrapeUrl());
			return true;
		});
	}

	public int targetCount() {
		return scheduled.size();
	}

	/** The offset of a target within the interval: fixed for its URL and the seed. */
	long offsetMillis(Target target) {
		long hash = target.scrapeUrl().toString().hashCode() * 0x9E3779B97F4A7C15L ^ seed;
		hash ^= (hash >>> 29);
		return Math.floorMod(hash, interval.toMillis());
	}

	@Override
	public synchronized void start() {
		ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "scrape-ticker");
			thread.setDaemon(true);
			return thread;
		});
		pipeline = due.asFlux()
			.flatMap(entry -> scraper.scrape(entry.target)
				.doOnNext(entry::finished)
				.doFinally(signal -> entry.busy.set(false)), maxConcurrency)
			.subscribe(result -> {
			}, error -> logger.error("Scrape pipeline ended", error));
		scheduled.values().forEach(Scheduled::schedule);
	}

	@Override
	public synchronized void stop() {
		if (ticker != null) {
			ticker.shutdownNow();
			ticker = null;
		}
		if (pipeline != null) {
			pipeline.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return ticker != null;
	}

	/** One target's schedule and state. */
	private final class Scheduled {

		private final Target target;

		private final AtomicBoolean busy = new AtomicBoolean();

		private volatile long notBeforeNanos = System.nanoTime();

		private volatile ScrapeOutcome lastOutcome;

		private volatile String lastError;

		private volatile ScheduledFuture<?> future;

		Scheduled(Target target) {
			this.target = target;
		}

		void schedule() {
			long period = interval.toMillis();
			long delay = Math.floorMod(offsetMillis(target) - clock.millis() % period, period);
			future = ticker.scheduleAtFixedRate(this::tick, delay, period, TimeUnit.MILLISECONDS);
		}

		void cancel() {
			ScheduledFuture<?> scheduledFuture = future;
			if (scheduledFuture != null) {
				scheduledFuture.cancel(false);
			}
		}

		private void tick() {
			if (System.nanoTime() - notBeforeNanos < 0) {
				logger.debug("Target {} waits for its Retry-After", target.vmUuid());
				return;
			}
			if (!busy.compareAndSet(false, true)) {
				metrics.skipped();
				logger.debug("Target {}: previous scrape still running, round skipped", target.vmUuid());
				return;
			}
			synchronized (due) {
				if (due.tryEmitNext(this).isFailure()) {
					busy.set(false);
				}
			}
		}

		void finished(ScrapeResult result) {
			metrics.record(result);
			if (result.outcome() == ScrapeOutcome.THROTTLED) {
				Duration wait = result.retryAfter() != null ? result.retryAfter() : Duration.ZERO;
				notBeforeNanos = System.nanoTime() + wait.toNanos();
			}
			boolean changed = result.outcome() != lastOutcome || (result.error() != null
					&& !result.error().equals(lastError));
			if (result.outcome() == ScrapeOutcome.SUCCESS) {
				if (changed && lastOutcome != null) {
					logger.info("Scrape of {} (vm {}) works again", target.scrapeUrl(), target.vmUuid());
				}
				logger.debug("Scraped {} samples from {} in {}", result.samples().size(), target.scrapeUrl(),
						result.duration());
				dispatcher.dispatch(result);
			}
			else if (changed) {
				logger.warn("Scrape of {} (vm {}) failed ({}): {}", target.scrapeUrl(), target.vmUuid(),
						result.outcome().label(), result.error());
			}
			else {
				logger.debug("Scrape of {} (vm {}) failed again ({}): {}", target.scrapeUrl(), target.vmUuid(),
						result.outcome().label(), result.error());
			}
			lastOutcome = result.outcome();
			lastError = result.error();
		}

	}

}
