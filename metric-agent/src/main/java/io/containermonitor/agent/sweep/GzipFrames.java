package io.containermonitor.agent.sweep;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) of a snapshot's fixed text followed by a few bytes made fresh for each
 * scrape ({@code time_of_day}), without compressing the fixed part again per scrape.
 * <p>
 * The fixed text is compressed once into raw deflate blocks that end with a sync flush
 * (RFC 1951: an empty stored block, so the stream is byte-aligned and not final). Each
 * answer is then the gzip header, those blocks, the fresh bytes as final stored blocks
 * (uncompressed: they are a few dozen bytes), and the trailer with the CRC-32 and length
 * of the whole text. Any gzip reader decodes it as one member. Thread-safe.
 */
public final class GzipFrames {

	private static final byte[] HEADER = { 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

	private static final int MAX_STORED = 65_535;

	private final int level;

	/** Deflaters are costly to make (native state): a few are kept and reused. */
	private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();

	/**
	 * @param level the deflate level, 1 (fastest) to 9 (smallest)
	 */
	public GzipFrames(int level) {
		if (level < 1 || level > 9) {
			throw new IllegalArgumentException("deflate level must be 1 to 9: " + level);
		}
		this.level = level;
	}

	/** The fixed text as raw deflate blocks ending byte-aligned and not final. */
	public byte[] deflateOpen(byte[] text) {
		Deflater deflater = deflaters.poll();
		if (deflater == null) {
			deflater = new Deflater(level, true);
		}
		try {
			deflater.setInput(text);
			ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 4 + 64);
			byte[] chunk = new byte[Math.max(1024, text.length / 2)];
			int n;
			do {
				n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
				out.write(chunk, 0, n);
			}
			while (n == chunk.length);
			return out.toByteArray();
		}
		finally {
			deflater.reset();
			deflaters.offer(deflater);
		}
	}

	/**
	 * The gzip member of {@code text} then {@code fresh}.
	 * @param deflatedText {@code text} as {@link #deflateOpen} gave it
	 */
	public static byte[] gzip(byte[] deflatedText, byte[] text, byte[] fresh) {
		int blocks = Math.max(1, (fresh.length + MAX_STORED - 1) / MAX_STORED);
		byte[] out = new byte[HEADER.length + deflatedText.length + blocks * 5 + fresh.length + 8];
		System.arraycopy(HEADER, 0, out, 0, HEADER.length);
		int at = HEADER.length;
		System.arraycopy(deflatedText, 0, out, at, deflatedText.length);
		at += deflatedText.length;
		int from = 0;
		for (int b = 0; b < blocks; b++) {
			int len = Math.min(MAX_STORED, fresh.length - from);
			// Stored block: BFINAL on the last, BTYPE 00; the stream is byte-aligned here.
			out[at++] = (byte) (b == blocks - 1 ? 1 : 0);
			out[at++] = (byte) len;
			out[at++] = (byte) (len >>> 8);
			out[at++] = (byte) ~len;
			out[at++] = (byte) (~len >>> 8);
			System.arraycopy(fresh, from, out, at, len);
			at += len;
			from += len;
		}
		CRC32 crc = new CRC32();
		crc.update(text);
		crc.update(fresh);
		writeIntLe(out, at, (int) crc.getValue());
		writeIntLe(out, at + 4, text.length + fresh.length);
		return out;
	}

	private static void writeIntLe(byte[] out, int at, int value) {
		out[at] = (byte) value;
		out[at + 1] = (byte) (value >>> 8);
		out[at + 2] = (byte) (value >>> 16);
		out[at + 3] = (byte) (value >>> 24);
	}

}
