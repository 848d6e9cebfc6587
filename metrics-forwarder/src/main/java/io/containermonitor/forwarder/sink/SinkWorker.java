package io.containermonitor.forwarder.sink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.sink.SinkMetrics.DropReason;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves one sink's samples from its {@link SinkBuffer} to its store on its own
 * thread: batches, retries a failed batch with exponential backoff while new samples
 * keep queueing, drops samples older than the age limit; {@link SinkMetrics} counts it all.
 * One slow or dead store only ever blocks this thread.
 */
public class SinkWorker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SinkWorker.class);

	private static final Duration OVERFLOW_LOG_INTERVAL = Duration.ofMinutes(1);

	/** Reasons of refusal logged at warn; beyond this many distinct ones, further reasons go to debug only. */
	private static final int LOGGED_REASONS_MAX = 64;

	private final SinkWriter writer;

	private final SinkBuffer buffer;

	private final ForwarderProperties.Buffer settings;

	private final Clock clock;

	private final SinkMetrics metrics;

	private final Object stateLock = new Object();

	// @GuardedBy("stateLock") from here
	private List<ForwardedSample> inHand = List.of();

	private int consecutiveFailures;

	private Instant failingSince;

	private String lastError;

	private Instant lastSuccess;

	private long lastOverflowLogNanos;

	private long overflowSinceLog;

	private final Set<String> loggedRejections = new HashSet<>();
	// end @GuardedBy

	/** How long the store last asked to wait before the next attempt (Retry-After), or null. */
	private volatile Duration requestedDelay;

	private volatile Thread thread;

	private volatile boolean running;

	public SinkWorker(SinkWriter writer, ForwarderProperties.Buffer settings, MeterRegistry registry, Clock clock) {
		this.writer = writer;
		this.settings = settings;
		this.buffer = new SinkBuffer(settings.capacity());
		this.clock = clock;
		this.metrics = new SinkMetrics(registry, writer.name(), this::buffered, settings.capacity(), () -> state().up());
	}

	public String name() {
		return writer.name();
	}

	/** Queues samples for the store; never blocks. */
	public void offer(List<ForwardedSample> samples) {
		int dropped = buffer.offer(samples);
		if (dropped > 0) {
			metrics.dropped(DropReason.OVERFLOW, dropped);
			logOverflow(dropped);
		}
	}

	private void logOverflow(int dropped) {
		long now = System.nanoTime();
		synchronized (stateLock) {
			overflowSinceLog += dropped;
			if (lastOverflowLogNanos != 0 && now - lastOverflowLogNanos < OVERFLOW_LOG_INTERVAL.toNanos()) {
				return;
			}
			logger.warn("Sink {} ({}): buffer full ({} samples), dropped the {} oldest samples", writer.name(),
					writer.destination(), buffer.capacity(), overflowSinceLog);
			overflowSinceLog = 0;
			lastOverflowLogNanos = now;
		}
	}

	public SinkState state() {
		synchronized (stateLock) {
			return new SinkState(writer.name(), writer.destination(), consecutiveFailures == 0, buffered(),
					buffer.capacity(), consecutiveFailures, failingSince, lastError, lastSuccess);
		}
	}

	private int buffered() {
		synchronized (stateLock) {
			return buffer.size() + inHand.size();
		}
	}

	@Override
	public void start() {
		running = true;
		Thread worker = new Thread(this::run, "sink-" + writer.name());
		worker.setDaemon(true);
		thread = worker;
		worker.start();
		logger.info("Sink {} writes to {}", writer.name(), writer.destination());
	}

	@Override
	public void stop() {
		running = false;
		Thread worker = thread;
		if (worker != null) {
			worker.interrupt();
			try {
				worker.join(settings.writeTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		flush(System.nanoTime() + settings.writeTimeout().toNanos());
		int left = buffered();
		if (left > 0) {
			logger.warn("Sink {} ({}): stopped with {} samples not written", writer.name(), writer.destination(), left);
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops after the scrape loop, so that the last scrapes still reach the buffer. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	/** On shutdown: one more try for what is buffered, batch by batch, until a write fails or the deadline. */
	private void flush(long deadlineNanos) {
		while (System.nanoTime() - deadlineNanos < 0) {
			List<ForwardedSample> batch;
			synchronized (stateLock) {
				batch = inHand;
			}
			if (batch.isEmpty()) {
				try {
					batch = buffer.take(settings.batchSize(), 0, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				synchronized (stateLock) {
					inHand = batch;
				}
			}
			batch = withoutAged(batch);
			if (batch.isEmpty() && buffer.size() == 0) {
				return;
			}
			if (!batch.isEmpty() && !attempt(batch)) {
				return;
			}
		}
	}

	private void run() {
		Duration backoff = settings.minBackoff();
		while (running) {
			try {
				List<ForwardedSample> batch;
				synchronized (stateLock) {
					batch = inHand;
				}
				if (batch.isEmpty()) {
					batch = buffer.take(settings.batchSize(), 1, TimeUnit.SECONDS);
					synchronized (stateLock) {
						inHand = batch;
					}
				}
				batch = withoutAged(batch);
				if (batch.isEmpty()) {
					continue;
				}
				if (attempt(batch)) {
					backoff = settings.minBackoff();
				}
				else {
					Duration delay = requestedDelay;
					Thread.sleep(delay != null && delay.compareTo(backoff) > 0 ? delay.toMillis() : backoff.toMillis());
					backoff = backoff.multipliedBy(2);
					if (backoff.compareTo(settings.maxBackoff()) > 0) {
						backoff = settings.maxBackoff();
					}
				}
			}
			catch (InterruptedException ex) {
				if (!running) {
					return;
				}
			}
			catch (RuntimeException ex) {
				logger.error("Sink {} ({}): unexpected failure, batch kept for retry", writer.name(),
						writer.destination(), ex);
			}
		}
	}

	/** @return whether the batch is done with (written or dropped for good) */
	private boolean attempt(List<ForwardedSample> batch) {
		long start = System.nanoTime();
		requestedDelay = null;
		try {
			int accepted = writer.write(batch);
			metrics.writeSucceeded(System.nanoTime() - start);
			metrics.written(accepted);
			if (accepted < batch.size()) {
				metrics.dropped(DropReason.UNREPRESENTABLE, batch.size() - accepted);
			}
			succeeded();
			return true;
		}
		catch (RejectedBatchException ex) {
			metrics.writeFailed(System.nanoTime() - start);
			int rejected = ex.rejected(batch.size());
			metrics.written(batch.size() - rejected);
			rejected(ex.reason(), rejected, ex.getMessage());
			succeeded();
			return true;
		}
		catch (PartiallyWrittenException ex) {
			metrics.writeFailed(System.nanoTime() - start);
			metrics.written(ex.written());
			if (ex.rejected() > 0) {
				rejected(ex.rejectionReason(), ex.rejected(), ex.getMessage());
			}
			if (ex.remaining().isEmpty()) {
				succeeded();
				return true;
			}
			synchronized (stateLock) {
				inHand = ex.remaining();
			}
			requestedDelay = ex.retryAfter();
			failed(ex);
			return false;
		}
		catch (IOException ex) {
			metrics.writeFailed(System.nanoTime() - start);
			if (ex instanceof RetryLaterException later) {
				requestedDelay = later.retryAfter();
			}
			failed(ex);
			return false;
		}
	}

	/** Counts refused samples; each reason is logged once at warn, later ones of the same reason at debug. */
	private void rejected(String reason, int samples, String message) {
		metrics.dropped(DropReason.REJECTED, samples);
		boolean first;
		synchronized (stateLock) {
			first = loggedRejections.size() < LOGGED_REASONS_MAX && loggedRejections.add(reason);
		}
		if (first) {
			logger.warn("Sink {} ({}) refused {} samples for good, dropped ({}; further refusals for this reason are "
					+ "only counted, in cmon_forwarder_sink_samples_dropped_total{reason=\"rejected\"}): {}",
					writer.name(), writer.destination(), samples, reason, message);
		}
		else {
			logger.debug("Sink {} ({}) refused {} samples for good, dropped ({}): {}", writer.name(),
					writer.destination(), samples, reason, message);
		}
	}

	private void succeeded() {
		synchronized (stateLock) {
			if (consecutiveFailures > 0) {
				logger.info("Sink {} ({}) writes again after {} failed attempts", writer.name(), writer.destination(),
						consecutiveFailures);
			}
			inHand = List.of();
			consecutiveFailures = 0;
			failingSince = null;
			lastSuccess = clock.instant();
		}
	}

	private void failed(IOException ex) {
		synchronized (stateLock) {
			if (!running) {
				// Interrupted by shutdown; stop() tries the batch once more.
				logger.debug("Sink {} ({}) write interrupted by shutdown: {}", writer.name(), writer.destination(),
						ex.toString());
				return;
			}
			if (consecutiveFailures == 0) {
				failingSince = clock.instant();
				logger.warn("Sink {} ({}) failed, buffering and retrying: {}", writer.name(), writer.destination(),
						ex.toString());
			}
			else {
				logger.debug("Sink {} ({}) still failing: {}", writer.name(), writer.destination(), ex.toString());
			}
			consecutiveFailures++;
			lastError = ex.toString();
		}
	}

	private List<ForwardedSample> withoutAged(List<ForwardedSample> batch) {
		long oldest = clock.millis() - settings.maxAge().toMillis();
		int aged = 0;
		for (ForwardedSample sample : batch) {
			if (sample.timestampMillis() < oldest) {
				aged++;
			}
		}
		if (aged == 0) {
			return batch;
		}
		List<ForwardedSample> fresh = new ArrayList<>(batch.size() - aged);
		for (ForwardedSample sample : batch) {
			if (sample.timestampMillis() >= oldest) {
				fresh.add(sample);
			}
		}
		metrics.dropped(DropReason.AGE, aged);
		logger.warn("Sink {} ({}): dropped {} samples older than {}", writer.name(), writer.destination(), aged,
				settings.maxAge());
		synchronized (stateLock) {
			inHand = fresh;
		}
		return fresh;
	}

}
