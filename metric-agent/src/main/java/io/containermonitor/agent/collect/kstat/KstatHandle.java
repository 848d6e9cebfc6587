package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.LongAdder;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one {@code kstat_open} handle. A kstat chain is not thread-safe, so every
 * use goes through {@link #open()}, which takes the lock and returns a
 * {@link KstatChain} that holds it until closed (as OSHI's {@code KstatUtil.KstatChain}).
 * Opening a chain calls {@code kstat_chain_update}, which rebuilds the chain only when
 * the kernel's chain id changed (zones booted or halted, links created); no
 * {@code kstat_t} pointer is kept across chains, since an update frees the headers of
 * kstats that are gone. {@link #close()} calls {@code kstat_close} once; thread-safe.
 */
public final class KstatHandle implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KstatHandle.class);

	private final KstatLibrary library;

	private final int eagainRetries;

	private final Duration eagainBackoff;

	private final ReentrantLock lock = new ReentrantLock();

	private final LongAdder chainUpdates = new LongAdder();

	private final LongAdder readRetries = new LongAdder();

	/** Guarded by {@link #lock}. */
	private Pointer kc;

	/** Guarded by {@link #lock}. */
	private boolean closed;

	public KstatHandle(KstatLibrary library, int eagainRetries, Duration eagainBackoff) {
		this.library = library;
		this.eagainRetries = eagainRetries;
		this.eagainBackoff = eagainBackoff;
	}

	/**
	 * Takes the lock and brings the chain up to date; close the result to release it.
	 * @throws KstatReadException when {@code kstat_open} or {@code kstat_chain_update} fails
	 */
	public KstatChain open() throws KstatReadException {
		lock.lock();
		boolean handedOut = false;
		try {
			if (closed) {
				throw new KstatReadException("the kstat handle is closed");
			}
			if (kc == null) {
				Pointer opened = library.kstat_open();
				if (opened == null) {
					throw new KstatReadException("kstat_open failed: errno " + Native.getLastError());
				}
				kc = opened;
				log.debug("kstat_open: chain id {}", kc.getInt(KstatAbi.KC_CHAIN_ID));
			}
			else {
				int kid = library.kstat_chain_update(kc);
				if (kid == -1) {
					int errno = Native.getLastError();
					// The chain may be half rebuilt: drop the handle, the next open() starts afresh.
					library.kstat_close(kc);
					kc = null;
					throw new KstatReadException("kstat_chain_update failed: errno " + errno + "; handle reopened on next use");
				}
				if (kid != 0) {
					chainUpdates.increment();
					log.debug("kstat chain updated to id {}", kid);
				}
			}
			KstatChain chain = new KstatChain(this, library, kc);
			handedOut = true;
			return chain;
		}
		finally {
			if (!handedOut) {
				lock.unlock();
			}
		}
	}

	void release() {
		lock.unlock();
	}

	int eagainRetries() {
		return eagainRetries;
	}

	void backoff() throws KstatReadException {
		readRetries.increment();
		try {
			Thread.sleep(eagainBackoff.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KstatReadException("interrupted while retrying a kstat read");
		}
	}

	/** How many times {@code kstat_chain_update} found a new chain. */
	public long chainUpdates() {
		return chainUpdates.sum();
	}

	/** How many reads were retried after EAGAIN. */
	public long readRetries() {
		return readRetries.sum();
	}

	@Override
	public void close() {
		lock.lock();
		try {
			if (kc != null) {
				library.kstat_close(kc);
				kc = null;
			}
			closed = true;
		}
		finally {
			lock.unlock();
		}
	}

}
