package io.containermonitor.cns.dns.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.NameChanges;
import io.containermonitor.cns.names.ZonePublisher;
import io.containermonitor.cns.names.ZoneStatus;

/**
 * Brings the served zones in line with the {@link CmonNameRegistry}: at most one
 * commit, so one new serial, per commit window; a change after a quiet window is
 * committed at once. Each new serial is announced by NOTIFY. A commit applies the
 * names that changed since the last one; the first, and any after a failed commit,
 * compares the whole zone.
 */
public class ZoneCommitter implements ZonePublisher, SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ZoneCommitter.class);

	private final List<AuthoritativeZone> zones;

	private final CmonNameRegistry registry;

	private final SerialStore serials;

	private final NotifySender notifier;

	private final Duration window;

	private final ScheduledExecutorService executor;

	private final AtomicBoolean pending = new AtomicBoolean();

	private final NameChanges changes;

	/** Only the commit thread reads and writes it. */
	private boolean compareWholeZone = true;

	private volatile long lastCommitNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

	private volatile String lastError;

	private volatile boolean running;

	ZoneCommitter(List<AuthoritativeZone> zones, CmonNameRegistry registry, SerialStore serials,
			NotifySender notifier, Duration window, ScheduledExecutorService executor) {
		this.zones = zones;
		this.registry = registry;
		this.serials = serials;
		this.notifier = notifier;
		this.window = window;
		this.executor = executor;
		this.changes = registry.track();
		registry.onChange(this::changed);
	}

	@Override
	public void start() {
		running = true;
		changed();
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
		notifier.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Started after the DNS server (so the first NOTIFY finds it answering), stopped before it.
		return DnsServer.PHASE + 1;
	}

	private void changed() {
		if (!running || !registry.isReady() || !pending.compareAndSet(false, true)) {
			return;
		}
		long wait = Math.max(0, lastCommitNanos + window.toNanos() - System.nanoTime());
		executor.schedule(this::commit, wait, TimeUnit.NANOSECONDS);
	}

	private void commit() {
		pending.set(false);
		lastCommitNanos = System.nanoTime();
		Set<UUID> changed = changes.drain();
		boolean whole = compareWholeZone;
		Set<UUID> desired = whole ? registry.snapshot() : null;
		compareWholeZone = false;
		try {
			for (AuthoritativeZone zone : zones) {
				Optional<ZoneSnapshot> committed = whole || zone.current().isEmpty()
						? zone.commit(desired != null ? desired : registry.snapshot(), serials)
						: zone.commitChanges(changed, registry::contains, serials);
				committed.ifPresent(snapshot -> {
					log.debug("Zone {} now at serial {} with {} CMON names", zone.zone(), snapshot.serial(),
							snapshot.names().size());
					notifier.notifyAll(snapshot, () -> zone.current().map(ZoneSnapshot::serial).orElse(-1L));
				});
			}
			lastError = null;
		}
		catch (RuntimeException ex) {
			// Serving the old serial is safe; a person must fix the serial file (disk full, permissions).
			lastError = ex.getMessage();
			// The drained changes may not all have been applied: the retry compares the whole zone.
			compareWholeZone = true;
			log.error("Commit of the CMON zones failed, retrying in {}", window, ex);
			changed();
		}
	}

	@Override
	public String mode() {
		return "server";
	}

	@Override
	public List<ZoneStatus> zones() {
		String error = lastError;
		return zones.stream().map(AuthoritativeZone::status).map(s -> error == null ? s
				: new ZoneStatus(s.zone(), s.serial(), s.records(), s.lastSync(), error)).toList();
	}

}
