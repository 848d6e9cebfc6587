package io.containermonitor.core.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.core.triton.vmapi.VmapiClient;
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
 * exactly one more read after it. A VMAPI 404 removes the VM.
 */
class VmRefresher {

	private static final Logger logger = LoggerFactory.getLogger(VmRefresher.class);

	private static final Boolean IN_FLIGHT = Boolean.FALSE;

	private static final Boolean DIRTY = Boolean.TRUE;

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
		this.worker = queue.asFlux().flatMap(this::read, concurrency).subscribe();
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
