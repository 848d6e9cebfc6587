package io.containermonitor.forwarder.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Discovers the targets at start and then every refresh interval, and hands each
 * new list on. A failed refresh keeps the previous list (as Prometheus does on a
 * transport or JSON error), is counted, and logged when the state changes.
 */
public class TargetRefresher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TargetRefresher.class);

	private final DiscoveryClient client;

	private final Duration refreshInterval;

	private final Duration timeout;

	private final Consumer<List<Target>> listener;

	private final Clock clock;

	private final Counter succeeded;

	private final Counter failed;

	private volatile ScheduledExecutorService executor;

	private volatile int targets;

	private volatile Instant lastSuccess;

	private volatile String lastError;

	public TargetRefresher(DiscoveryClient client, Duration refreshInterval, Duration timeout,
			Consumer<List<Target>> listener, MeterRegistry registry, Clock clock) {
		this.client = client;
		this.refreshInterval = refreshInterval;
		this.timeout = timeout;
		this.listener = listener;
		this.clock = clock;
		this.succeeded = refreshes(registry, "success");
		this.failed = refreshes(registry, "failure");
		Gauge.builder("cmon.forwarder.targets", this, refresher -> refresher.targets)
			.description("Targets in the last successful discovery")
			.strongReference(true)
			.register(registry);
	}

	private static Counter refreshes(MeterRegistry registry, String result) {
		return Counter.builder("cmon.forwarder.discovery.refreshes")
			.description("Discovery requests, by result")
			.tag("result", result)
			.register(registry);
	}

	/** One refresh, now, on the caller's thread. */
	public void refresh() {
		try {
			List<Target> discovered = client.discover(timeout).block();
			listener.accept(discovered);
			if (lastError != null || lastSuccess == null) {
				logger.info("Discovered {} targets at {}", discovered.size(), client.discoverUrl());
			}
			targets = discovered.size();
			lastSuccess = clock.instant();
			lastError = null;
			succeeded.increment();
		}
		catch (RuntimeException ex) {
			failed.increment();
			if (lastError == null) {
				logger.warn("Discovery failed, keeping the previous {} targets: {}", targets, ex.getMessage());
			}
			lastError = ex.getMessage();
		}
	}

	public Instant lastSuccess() {
		return lastSuccess;
	}

	public String lastError() {
		return lastError;
	}

	public int targets() {
		return targets;
	}

	public String discoverUrl() {
		return client.discoverUrl().toString();
	}

	@Override
	public void start() {
		ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "target-refresher");
			thread.setDaemon(true);
			return thread;
		});
		executor = refresher;
		refresher.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService refresher = executor;
		if (refresher != null) {
			refresher.shutdownNow();
			executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return executor != null;
	}

}
