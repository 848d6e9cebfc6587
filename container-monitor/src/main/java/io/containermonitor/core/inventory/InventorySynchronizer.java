package io.containermonitor.core.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.containermonitor.core.triton.changefeed.ChangeFeedHandler;
import io.containermonitor.core.triton.changefeed.ChangeItem;
import io.containermonitor.core.triton.cnapi.CnapiClient;
import io.containermonitor.core.triton.vmapi.VmapiClient;
import io.containermonitor.core.vm.TritonUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Keeps the {@link Inventory} equal to VMAPI and CNAPI: a full listing on every
 * change-feed (re)connect, with the items that arrive meanwhile buffered and
 * re-read after it; each change item re-read by uuid; a periodic full listing as
 * a backstop for anything a feed can lose; and CNAPI polled for compute nodes.
 */
public class InventorySynchronizer implements ChangeFeedHandler {

	private static final Logger logger = LoggerFactory.getLogger(InventorySynchronizer.class);

	/** What the inventory holds: every VM that is not destroyed or failed. */
	private static final Map<String, String> ACTIVE = Map.of("state", "active");

	private final Inventory inventory;

	private final VmapiClient vmapi;

	private final CnapiClient cnapi;

	private final Duration reconcileInterval;

	private final Duration serverPollInterval;

	private final VmRefresher refresher;

	private final Set<UUID> buffered = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean resyncing = new AtomicBoolean();

	private final AtomicBoolean resyncAgain = new AtomicBoolean();

	private final AtomicLong resyncs = new AtomicLong();

	private final AtomicLong invalidItems = new AtomicLong();

	private final AtomicReference<java.time.Instant> lastResync = new AtomicReference<>();

	private final Disposable.Composite timers = Disposables.composite();

	private final Set<UUID> serversBeingFetched = ConcurrentHashMap.newKeySet();

	/**
	 * @param cnapi CNAPI, or null when compute nodes come from elsewhere
	 */
	public InventorySynchronizer(Inventory inventory, VmapiClient vmapi, CnapiClient cnapi, Duration reconcileInterval,
			Duration serverPollInterval, int readConcurrency) {
		this.inventory = inventory;
		this.vmapi = vmapi;
		this.cnapi = cnapi;
		this.reconcileInterval = reconcileInterval;
		this.serverPollInterval = serverPollInterval;
		this.refresher = new VmRefresher(vmapi, inventory, readConcurrency);
		if (cnapi != null) {
			inventory.addListener(new InventoryListener() {
				@Override
				public void vmChanged(io.containermonitor.core.vm.Vm previous, io.containermonitor.core.vm.Vm current) {
					fetchUnknownServer(current.serverUuid());
				}
			});
		}
	}

	/** Starts the periodic reconciliation and CNAPI poll; the listener triggers the first resync. */
	public void start() {
		timers.add(Flux.interval(reconcileInterval, reconcileInterval).onBackpressureDrop().subscribe(tick -> resync()));
		if (cnapi != null) {
			timers.add(Flux.interval(Duration.ZERO, serverPollInterval)
				.onBackpressureDrop()
				.concatMap(tick -> pollServers(), 1)
				.subscribe());
		}
	}

	public void stop() {
		timers.dispose();
		refresher.stop();
	}

	@Override
	public void bootstrap() {
		resync();
	}

	@Override
	public void change(ChangeItem item) {
		UUID uuid = TritonUuid.parseLenient(item.changedResourceId()).orElse(null);
		if (uuid == null) {
			invalidItems.incrementAndGet();
			logger.warn("Skipping a change item whose changedResourceId is not a UUID: '{}'", item.changedResourceId());
			return;
		}
		if (resyncing.get()) {
			buffered.add(uuid);
			// The resync may have drained the buffer between the check and the add.
			if (!resyncing.get() && buffered.remove(uuid)) {
				refresher.refresh(uuid);
			}
			return;
		}
		refresher.refresh(uuid);
	}

	/** Full listings done since start. */
	public long resyncCount() {
		return resyncs.get();
	}

	public long invalidItemCount() {
		return invalidItems.get();
	}

	public long failedReadCount() {
		return refresher.failureCount();
	}

	public java.time.Instant lastResync() {
		return lastResync.get();
	}

	/** True once a resync is done and no change is waiting to be read: the inventory matches VMAPI. */
	public boolean isSettled() {
		return lastResync.get() != null && !resyncing.get() && buffered.isEmpty() && refresher.isIdle();
	}

	/** Lists every active VM and makes the inventory exactly that; one at a time, repeated if asked meanwhile. */
	public void resync() {
		if (!resyncing.compareAndSet(false, true)) {
			resyncAgain.set(true);
			return;
		}
		long started = System.nanoTime();
		vmapi.listVms(ACTIVE)
			.collectList()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry(s -> logger.warn("VMAPI listing failed (attempt {}): {}", s.totalRetries() + 1,
						s.failure().toString())))
			.subscribe(vms -> {
				inventory.replaceVms(vms);
				resyncs.incrementAndGet();
				lastResync.set(java.time.Instant.now());
				logger.info("Inventory resynced from VMAPI: {} VMs in {} ms", vms.size(),
						Duration.ofNanos(System.nanoTime() - started).toMillis());
				finishResync();
			}, ex -> {
				logger.error("VMAPI listing abandoned: {}", ex.toString());
				finishResync();
			});
	}

	private void finishResync() {
		resyncing.set(false);
		for (UUID uuid : Set.copyOf(buffered)) {
			if (buffered.remove(uuid)) {
				refresher.refresh(uuid);
			}
		}
		if (resyncAgain.getAndSet(false)) {
			resync();
		}
	}

	private Mono<Void> pollServers() {
		return cnapi.listServers()
			.collectList()
			.doOnNext(inventory::replaceServers)
			.doOnError(ex -> logger.warn("CNAPI server listing failed; keeping the servers we have: {}", ex.toString()))
			.onErrorComplete()
			.then();
	}

	private void fetchUnknownServer(UUID server) {
		if (server == null || inventory.server(server).isPresent() || !serversBeingFetched.add(server)) {
			return;
		}
		cnapi.getServer(server)
			.retryWhen(Retry.backoff(5, Duration.ofSeconds(1)))
			.doFinally(s -> serversBeingFetched.remove(server))
			.subscribe(found -> found.ifPresent(inventory::putServer),
					ex -> logger.warn("Could not read server {} from CNAPI: {}", server, ex.toString()));
	}

}
