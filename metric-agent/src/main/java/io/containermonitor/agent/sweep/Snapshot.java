package io.containermonitor.agent.sweep;

import java.util.List;

import io.containermonitor.agent.collect.Collector;

/**
 * One container's last reading, encoded as a scrape sends it, but for the collectors read
 * fresh for every scrape ({@code time_of_day}), which are written after it. Immutable but
 * for its deflated form, made once on first use.
 */
final class Snapshot {

	private final byte[] text;

	private final long readAtNanos;

	private final long expiresAtNanos;

	private final boolean running;

	private final List<Collector> live;

	private final boolean liveBlocks;

	private volatile byte[] deflated;

	/**
	 * @param text the fixed text, UTF-8
	 * @param readAtNanos when it was read
	 * @param expiresAtNanos when its first reading expires (its collectors' TTLs)
	 * @param running whether the container had processes when it was read
	 * @param live the collectors read fresh per scrape, in order
	 * @param liveBlocks whether any of them blocks (a plugin), so a scrape must not run them on
	 * the event loop
	 */
	Snapshot(byte[] text, long readAtNanos, long expiresAtNanos, boolean running, List<Collector> live,
			boolean liveBlocks) {
		this.text = text;
		this.readAtNanos = readAtNanos;
		this.expiresAtNanos = expiresAtNanos;
		this.running = running;
		this.live = List.copyOf(live);
		this.liveBlocks = liveBlocks;
	}

	byte[] text() {
		return text;
	}

	long readAtNanos() {
		return readAtNanos;
	}

	long expiresAtNanos() {
		return expiresAtNanos;
	}

	boolean running() {
		return running;
	}

	List<Collector> live() {
		return live;
	}

	boolean liveBlocks() {
		return liveBlocks;
	}

	/** Whether a scrape at {@code nowNanos} may be served from it (every reading within its TTL). */
	boolean freshAt(long nowNanos) {
		return nowNanos - expiresAtNanos < 0;
	}

	/** The fixed text as open deflate blocks, compressed on first use only. */
	byte[] deflated(GzipFrames frames) {
		byte[] d = deflated;
		if (d == null) {
			d = frames.deflateOpen(text);
			deflated = d;
		}
		return d;
	}

}
