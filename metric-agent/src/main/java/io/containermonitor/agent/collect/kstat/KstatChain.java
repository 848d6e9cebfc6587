package io.containermonitor.agent.collect.kstat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kstat chain while the {@link KstatHandle}'s lock is held: walk it, read kstats.
 * Confined to the thread that opened it; close it (try-with-resources) to release the
 * lock. Reads retry {@code EAGAIN} (the kstat changed size while being read) a bounded
 * number of times, then fail naming {@code module:instance:name}; a kstat deleted since
 * the chain was built ({@code ENXIO}) reads as absent.
 */
public final class KstatChain implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KstatChain.class);

	/** A string statistic longer than this is treated as corrupt. */
	private static final int MAX_STRING = 64 * 1024;

	private final KstatHandle handle;

	private final KstatLibrary library;

	private final Pointer kc;

	private boolean closed;

	KstatChain(KstatHandle handle, KstatLibrary library, Pointer kc) {
		this.handle = handle;
		this.library = library;
		this.kc = kc;
	}

	/** {@code kc_chain_id} of the chain as last updated. */
	public int chainId() {
		checkOpen();
		return kc.getInt(KstatAbi.KC_CHAIN_ID);
	}

	/** The kstats in the chain that match; null (or -1) matches anything. */
	public List<KstatHeader> headers(String module, int instance, String name, String kstatClass) {
		checkOpen();
		List<KstatHeader> found = new ArrayList<>();
		for (Pointer ks = kc.getPointer(KstatAbi.KC_CHAIN); ks != null; ks = ks.getPointer(KstatAbi.KS_NEXT)) {
			// A node has thousands of kstats: compare the module (one native read) before decoding the rest.
			if (module != null
					&& !module.equals(KstatAbi.fixedString(ks, KstatAbi.KS_MODULE, KstatAbi.KSTAT_STRLEN))) {
				continue;
			}
			KstatHeader h = KstatHeader.at(ks);
			if (h.matches(module, instance, name, kstatClass)) {
				found.add(h);
			}
		}
		return found;
	}

	/** Reads every matching named kstat, skipping those deleted meanwhile. */
	public List<KstatSnapshot> read(String module, int instance, String name, String kstatClass)
			throws KstatReadException {
		List<KstatSnapshot> snapshots = new ArrayList<>();
		for (KstatHeader h : headers(module, instance, name, kstatClass)) {
			read(h).ifPresent(snapshots::add);
		}
		return snapshots;
	}

	/** {@code kstat_lookup} of one kstat and its read; empty when absent. */
	public Optional<KstatSnapshot> lookup(String module, int instance, String name) throws KstatReadException {
		checkOpen();
		Pointer ks = library.kstat_lookup(kc, module, instance, name);
		if (ks == null) {
			return Optional.empty();
		}
		return read(KstatHeader.at(ks));
	}

	/** Reads one named kstat; empty when it was deleted since the chain was built. */
	public Optional<KstatSnapshot> read(KstatHeader header) throws KstatReadException {
		if (!readRaw(header)) {
			return Optional.empty();
		}
		Pointer ks = header.address();
		int ndata = ks.getInt(KstatAbi.KS_NDATA);
		Pointer data = ks.getPointer(KstatAbi.KS_DATA);
		if (data == null || ndata < 0) {
			throw new KstatReadException("kstat " + header.id() + " read gave no data");
		}
		Map<String, KstatValue> values = new LinkedHashMap<>();
		for (int i = 0; i < ndata; i++) {
			Pointer kn = data.share((long) i * KstatAbi.SIZEOF_KSTAT_NAMED);
			String statistic = KstatAbi.fixedString(kn, 0, KstatAbi.KSTAT_STRLEN);
			KstatValue value = decode(header, statistic, kn);
			if (value != null) {
				values.put(statistic, value);
			}
		}
		return Optional.of(new KstatSnapshot(header.module(), header.instance(), header.name(), header.kstatClass(),
				ks.getLong(KstatAbi.KS_SNAPTIME), values));
	}

	/**
	 * Reads one string statistic through {@code kstat_data_lookup}, without decoding the
	 * rest (the zone lookup reads only {@code zonename}); empty when the kstat is gone
	 * or has no such string.
	 */
	public Optional<String> readString(KstatHeader header, String statistic) throws KstatReadException {
		if (!readRaw(header)) {
			return Optional.empty();
		}
		Pointer kn = library.kstat_data_lookup(header.address(), statistic);
		if (kn == null) {
			return Optional.empty();
		}
		KstatValue v = decode(header, statistic, kn);
		return v == null || v.isNumeric() ? Optional.empty() : Optional.of(v.text());
	}

	private boolean readRaw(KstatHeader header) throws KstatReadException {
		checkOpen();
		if (header.type() != KstatAbi.KSTAT_TYPE_NAMED) {
			throw new KstatReadException("kstat " + header.id() + " is of type " + header.type() + ", not named");
		}
		for (int attempt = 0;; attempt++) {
			int kid = library.kstat_read(kc, header.address(), null);
			if (kid != -1) {
				return true;
			}
			int errno = Native.getLastError();
			if (errno == KstatAbi.ENXIO) {
				log.debug("kstat {} vanished", header.id());
				return false;
			}
			if (errno == KstatAbi.EAGAIN && attempt < handle.eagainRetries()) {
				handle.backoff();
				continue;
			}
			throw new KstatReadException("kstat_read " + header.id() + " failed: errno " + errno
					+ (errno == KstatAbi.EAGAIN ? " (EAGAIN after " + attempt + " retries)" : ""));
		}
	}

	private static KstatValue decode(KstatHeader header, String statistic, Pointer kn) throws KstatReadException {
		int type = kn.getByte(KstatAbi.KN_DATA_TYPE) & 0xff;
		long v = KstatAbi.KN_VALUE;
		return switch (type) {
			case KstatAbi.KSTAT_DATA_CHAR -> new KstatValue(type, 0, KstatAbi.fixedString(kn, v, 16));
			case KstatAbi.KSTAT_DATA_INT32 -> new KstatValue(type, kn.getInt(v), null);
			case KstatAbi.KSTAT_DATA_UINT32 -> new KstatValue(type, kn.getInt(v) & 0xffffffffL, null);
			case KstatAbi.KSTAT_DATA_INT64, KstatAbi.KSTAT_DATA_UINT64 -> new KstatValue(type, kn.getLong(v), null);
			case KstatAbi.KSTAT_DATA_STRING -> new KstatValue(type, 0, string(header, statistic, kn));
			default -> null; // float/double: obsolete, no kstat the agent reads has them
		};
	}

	/** {@code KSTAT_NAMED_STR_PTR}/{@code _BUFLEN}: a pointer into the kstat's data and a length with the NUL. */
	private static String string(KstatHeader header, String statistic, Pointer kn) throws KstatReadException {
		Pointer p = kn.getPointer(KstatAbi.KN_VALUE);
		int len = kn.getInt(KstatAbi.KN_STR_LEN);
		if (p == null || len == 0) {
			return "";
		}
		if (len < 0 || len > MAX_STRING) {
			throw new KstatReadException("kstat " + header.id() + " string '" + statistic + "' has length " + len);
		}
		return KstatAbi.fixedString(p, 0, len);
	}

	private void checkOpen() {
		if (closed) {
			throw new IllegalStateException("kstat chain used after close");
		}
	}

	@Override
	public void close() {
		if (!closed) {
			closed = true;
			handle.release();
		}
	}

}
