package io.containermonitor.discovery.standalone;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/** Checks for silent nodes a few times per heartbeat interval (at least once a second). */
class HeartbeatMonitor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(HeartbeatMonitor.class);

	private final AgentRegistry registry;

	private final Duration period;

	private ScheduledExecutorService executor;

	HeartbeatMonitor(AgentRegistry registry, Duration heartbeatInterval) {
		this.registry = registry;
		Duration quarter = heartbeatInterval.dividedBy(4);
		this.period = quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
	}

	@Override
	public synchronized void start() {
		executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "registry-heartbeats");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::check, period.toMillis(), Math.max(1, period.toMillis()),
				TimeUnit.MILLISECONDS);
	}

	private void check() {
		try {
			registry.markSilentNodesDown();
		}
		catch (RuntimeException ex) {
			// Keep checking: one failed round must not stop heartbeat expiry for good.
			logger.error("Heartbeat check failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
