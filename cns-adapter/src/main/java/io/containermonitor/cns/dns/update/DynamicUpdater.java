package io.containermonitor.cns.dns.update;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;

import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.CmonZone;
import io.containermonitor.cns.names.ZonePublisher;
import io.containermonitor.cns.names.ZoneStatus;

/**
 * Mode {@code update} (spec §5.3): keeps the CMON names on an existing primary with
 * RFC 2136 UPDATEs. On start, and every reconcile interval, it reads the zone back
 * by AXFR, so names of VMs destroyed while the adapter was down are removed. Changes
 * go in batches; a failed batch (SERVFAIL, REFUSED, timeout) is retried with
 * exponential backoff and nothing is assumed published until the primary says
 * NOERROR.
 */
public class DynamicUpdater implements ZonePublisher, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DynamicUpdater.class);

	/** The state of one zone on the primary, as far as this adapter knows it. */
	private static final class ZoneState {

		final CmonZone zone;

		Set<UUID> published;

		Instant lastReconcile;

		volatile Long serial;

		volatile Instant lastSync;

		volatile String lastError;

		volatile int records;

		ZoneState(CmonZone zone) {
			this.zone = zone;
		}

	}

	private final List<ZoneState> zones;

	private final CmonNameRegistry registry;

	private final PrimaryClient primary;

	private final List<InetAddress> proxyAddresses;

	private final long ttl;

	private final int batchSize;

	private final Duration interval;

	private final Duration retryBackoff;

	private final Duration maxBackoff;

	private final Duration reconcileInterval;

	private final Counter sent;

	private final Counter failed;

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile boolean running;

	private Thread thread;

	DynamicUpdater(List<CmonZone> zones, CmonNameRegistry registry, PrimaryClient primary,
			List<InetAddress> proxyAddresses, long ttl, int batchSize, Duration interval, Duration retryBackoff,
			Duration maxBackoff, Duration reconcileInterval, MeterRegistry meters) {
		this.zones = zones.stream().map(ZoneState::new).toList();
		this.registry = registry;
		this.primary = primary;
		this.proxyAddresses = List.copyOf(proxyAddresses);
		this.ttl = ttl;
		this.batchSize = batchSize;
		this.interval = interval;
		this.retryBackoff = retryBackoff;
		this.maxBackoff = maxBackoff;
		this.reconcileInterval = reconcileInterval;
		this.sent = Counter.builder("cmon.cns.updates.sent")
			.description("RFC 2136 UPDATE messages the primary accepted")
			.register(meters);
		this.failed = Counter.builder("cmon.cns.updates.failed")
			.description("RFC 2136 UPDATE messages or zone read-backs that failed and will be retried")
			.register(meters);
		registry.onChange(wakeUp::release);
	}

	@Override
	public synchronized void start() {
		running = true;
		log.info("Sending RFC 2136 updates for {} to the primary {}", zones.stream().map(z -> z.zone).toList(),
				primary);
		wakeUp.release();
		thread = new Thread(this::run, "cns-update");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public synchronized void stop() {
		running = false;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void run() {
		Duration backoff = retryBackoff;
		while (running) {
			try {
				// Sleep until a change, or until a reconcile is due; then wait out the
				// batch interval so that a burst of changes goes in few messages.
				wakeUp.tryAcquire(reconcileInterval.toMillis(), TimeUnit.MILLISECONDS);
				Thread.sleep(interval.toMillis());
				wakeUp.drainPermits();
				if (!registry.isReady()) {
					continue;
				}
				boolean ok = true;
				for (ZoneState zone : zones) {
					ok &= sync(zone);
				}
				if (ok) {
					backoff = retryBackoff;
				}
				else {
					log.debug("Retrying the failed updates in {}", backoff);
					Thread.sleep(backoff.toMillis());
					backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
					wakeUp.release();
				}
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Brings one zone in line; false if anything failed (it is retried). */
	private boolean sync(ZoneState state) {
		try {
			Instant now = Instant.now();
			if (state.published == null || state.lastReconcile.plus(reconcileInterval).isBefore(now)) {
				readBack(state);
				state.lastReconcile = now;
			}
			Set<UUID> desired = registry.snapshot();
			Set<UUID> remove = new HashSet<>(state.published);
			remove.removeAll(desired);
			Set<UUID> add = new HashSet<>(desired);
			add.removeAll(state.published);
			if (!remove.isEmpty() || !add.isEmpty()) {
				sendChanges(state, remove, add);
				state.serial = primary.serial(state.zone.origin());
			}
			state.records = state.published.size();
			state.lastSync = Instant.now();
			state.lastError = null;
			return true;
		}
		catch (IOException | ZoneTransferException | UpdateRejectedException ex) {
			failed.increment();
			state.lastError = ex.getMessage();
			log.warn("Updating zone {} on the primary failed, will retry: {}", state.zone, ex.getMessage());
			return false;
		}
	}

	/** Learns which CMON names the primary holds, and sets {@code cmon.<zone>} to the proxy addresses. */
	private void readBack(ZoneState state) throws IOException, ZoneTransferException, UpdateRejectedException {
		List<Record> records = primary.transfer(state.zone.origin());
		Set<UUID> published = new HashSet<>();
		Set<InetAddress> targetAddresses = new HashSet<>();
		for (Record record : records) {
			if (record instanceof CNAMERecord cname && cname.getTarget().equals(state.zone.target())) {
				state.zone.uuidOf(cname.getName()).ifPresent(published::add);
			}
			else if (record.getName().equals(state.zone.target()) && record instanceof ARecord a) {
				targetAddresses.add(a.getAddress());
			}
			else if (record.getName().equals(state.zone.target()) && record instanceof AAAARecord aaaa) {
				targetAddresses.add(aaaa.getAddress());
			}
			else if (record.getType() == Type.SOA) {
				state.serial = ((SOARecord) record).getSerial();
			}
		}
		log.debug("Zone {} on the primary holds {} CMON names", state.zone, published.size());
		if (!proxyAddresses.isEmpty() && !targetAddresses.equals(new HashSet<>(proxyAddresses))) {
			Update update = new Update(state.zone.origin());
			update.delete(state.zone.target(), Type.A);
			update.delete(state.zone.target(), Type.AAAA);
			for (InetAddress address : proxyAddresses) {
				update.add(address instanceof Inet4Address ? new ARecord(state.zone.target(), DClass.IN, ttl, address)
						: new AAAARecord(state.zone.target(), DClass.IN, ttl, address));
			}
			primary.send(update);
			sent.increment();
			log.info("Set {} to {} on the primary", state.zone.target(), proxyAddresses);
		}
		state.published = published;
	}

	private void sendChanges(ZoneState state, Set<UUID> remove, Set<UUID> add)
			throws IOException, UpdateRejectedException {
		List<UUID> removals = new ArrayList<>(remove);
		List<UUID> additions = new ArrayList<>(add);
		int r = 0;
		int a = 0;
		while (r < removals.size() || a < additions.size()) {
			Update update = new Update(state.zone.origin());
			List<UUID> batchRemoved = new ArrayList<>();
			List<UUID> batchAdded = new ArrayList<>();
			while (batchRemoved.size() + batchAdded.size() < batchSize && r < removals.size()) {
				UUID uuid = removals.get(r++);
				// Every RRset at the name: nothing else may live beside a CNAME.
				update.delete(state.zone.nameOf(uuid));
				batchRemoved.add(uuid);
			}
			while (batchRemoved.size() + batchAdded.size() < batchSize && a < additions.size()) {
				UUID uuid = additions.get(a++);
				update.delete(state.zone.nameOf(uuid), Type.CNAME);
				update.add(new CNAMERecord(state.zone.nameOf(uuid), DClass.IN, ttl, state.zone.target()));
				batchAdded.add(uuid);
			}
			primary.send(update);
			sent.increment();
			state.published.removeAll(batchRemoved);
			state.published.addAll(batchAdded);
			log.debug("Zone {}: removed {} and added {} CMON names", state.zone, batchRemoved.size(),
					batchAdded.size());
		}
	}

	@Override
	public String mode() {
		return "update";
	}

	@Override
	public List<ZoneStatus> zones() {
		return zones.stream()
			.map(z -> new ZoneStatus(z.zone.toString(), z.serial, z.records, z.lastSync, z.lastError))
			.toList();
	}

}
