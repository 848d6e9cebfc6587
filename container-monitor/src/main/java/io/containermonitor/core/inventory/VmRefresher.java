package io.containermonitor.core.inventory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.containermonitor.core.triton.vmapi.VmapiClient;
import io.containermonitor.core.vm.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Re-reads changed VMs from VMAPI and applies them to the inventory. Change
 * items come in duplicates and out of order, so requests coalesce by uuid: at
 * most one read of a VM is in flight, and an item arriving meanwhile causes
 * exactly one more read after it. A VMAPI 404 removes the VM. Reads waiting while
 * others are in flight go together, up to {@value #BATCH} in one
 * {@code GET /vms?uuids=...} (a rack that reboots is hundreds of changes: one listing
 * per batch instead of one request per VM, for each follower); a VM the listing
 * lacks is gone, as a 404 says.
 */
class VmRefresher {

	private static final Logger logger = LoggerFactory.getLogger(VmRefresher.class);

	private static final Boolean IN_FLIGHT = Boolean.FALSE;

	private static final Boolean DIRTY = Boolean.TRUE;

	/** VMs per batched read: 50 uuids keep the request line under the 4 kB servers commonly accept. */
	static final int BATCH = 50;

	/** How long a read waits for others to join it, when a slot is free. */
	private static final Duration GATHER = Duration.ofMillis(2);

	private final VmapiClient vmapi;

	private final Inventory inventory;

	/** Absent: idle; {@link #IN_FLIGHT}: being read; {@link #DIRTY}: being read and changed again since. */
	private final Map<UUID, Boolean> pending = new ConcurrentHashMap<>();

	private final Sinks.Many<UUID> queue = Sinks.many().unicast().onBackpressureBuffer();

	private final AtomicLong failures = new AtomicLong();

	private final Disposable worker;

	VmRefresher(VmapiClient vmapi, Inventory inventory, int concurrency) {
		this.vmapi = vmapi;
		this.inventory = inventory;
		this.worker = queue.asFlux().bufferTimeout(BATCH, GATHER, true).flatMap(this::read, concurrency).subscribe();
	}

	void refresh(UUID uuid) {
		boolean[] start = { false };
		pending.compute(uuid, (k, state) -> {
			if (state == null) {
				start[0] = true;
				return IN_FLIGHT;
			}
			return DIRTY;
		});
		if (start[0]) {
			enqueue(uuid);
		}
	}

	/** Reads that failed even after retries; the next reconciliation repairs them. */
	long failureCount() {
		return failures.get();
	}

	boolean isIdle() {
		return pending.isEmpty();
	}

	void stop() {
		worker.dispose();
	}

	private Mono<Void> read(List<UUID> batch) {
		if (batch.size() == 1) {
			return read(batch.get(0));
		}
		String uuids = batch.stream().map(UUID::toString).collect(Collectors.joining(","));
		return vmapi.listVms(Map.of("uuids", uuids))
			.collectList()
			.retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
			.doOnNext(vms -> {
				Map<UUID, Vm> found = new HashMap<>();
				vms.forEach(vm -> found.put(vm.uuid(), vm));
				for (UUID uuid : batch) {
					Vm vm = found.get(uuid);
					if (vm != null) {
						inventory.putVm(vm);
					}
					else {
						inventory.removeVm(uuid);
					}
				}
			})
			.doOnError(ex -> {
				failures.addAndGet(batch.size());
				logger.warn("Could not re-read {} VMs from VMAPI (first {}): {}", batch.size(), batch.get(0),
						ex.toString());
			})
			.onErrorComplete()
			.doFinally(signal -> batch.forEach(this::done))
			.then();
	}

	private Mono<Void> read(UUID uuid) {
		return vmapi.getVm(uuid)
			.retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
			.doOnNext(vm -> vm.ifPresentOrElse(inventory::putVm, () -> inventory.removeVm(uuid)))
			.doOnError(ex -> {
				failures.incrementAndGet();
				logger.warn("Could not re-read VM {} from VMAPI: {}", uuid, ex.toString());
			})
			.onErrorComplete()
			.doFinally(signal -> done(uuid))
			.then();
	}

	private void done(UUID uuid) {
		Boolean state = pending.compute(uuid, (k, s) -> DIRTY.equals(s) ? IN_FLIGHT : null);
		if (state != null) {
			enqueue(uuid);
		}
	}

	private void enqueue(UUID uuid) {
		synchronized (queue) {
			queue.emitNext(uuid, Sinks.EmitFailureHandler.FAIL_FAST);
		}
	}

}
