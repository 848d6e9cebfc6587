package io.containermonitor.agent.container;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a task every interval on a daemon thread of its own: a container scan, so that
 * new and gone containers are noticed without a request, or the sweep's tick. A failed scan is logged
 * and the next one runs as planned. Thread-safe.
 */
public final class PeriodicScan {

	private static final Logger log = LoggerFactory.getLogger(PeriodicScan.class);

	private final String name;

	private final Runnable scan;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	private boolean extraPending;

	private long lastExtraNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

	/**
	 * @param name the thread's name, also in the log line of a failed scan
	 * @param scan the scan
	 * @param interval the delay between the end of one scan and the start of the next
	 */
	public PeriodicScan(String name, Runnable scan, Duration interval) {
		this.name = name;
		this.scan = scan;
		this.interval = interval;
	}

	/** Schedules the scans; the first one runs one interval from now. */
	public synchronized void start() {
		if (scheduler != null) {
			return;
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		});
		long every = interval.toMillis();
		scheduler.scheduleWithFixedDelay(this::scanQuietly, every, every, TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs one extra scan after {@code settle} (and no sooner than {@code spacing} after the
	 * last extra one), unless one is already waiting: a burst of changes costs one scan.
	 */
	public synchronized void soon(Duration settle, Duration spacing) {
		if (scheduler == null || extraPending) {
			return;
		}
		extraPending = true;
		long wait = Math.max(settle.toNanos(), lastExtraNanos + spacing.toNanos() - System.nanoTime());
		scheduler.schedule(() -> {
			synchronized (this) {
				// cleared first: a change during this scan asks for the next one
				extraPending = false;
				lastExtraNanos = System.nanoTime();
			}
			scanQuietly();
		}, wait, TimeUnit.NANOSECONDS);
	}

	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	public synchronized boolean isRunning() {
		return scheduler != null;
	}

	private void scanQuietly() {
		try {
			scan.run();
		}
		catch (RuntimeException ex) {
			log.warn("{} failed: {}", name, ex.toString(), ex);
		}
	}

}
