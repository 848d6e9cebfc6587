package io.containermonitor.agent.collect.cgroup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * Reads a cgroup's kernel files. A file the kernel may rightly omit (swap accounting
 * off, PSI disabled, an older kernel) is read with {@link #readOptional}; everything
 * else with {@link #read}, whose {@link NoSuchFileException} means the cgroup is gone.
 * <p>
 * The kernel regenerates a cgroup file's content on every read from offset 0, so a file
 * read again is kept open and re-read with one {@code pread(2)}: one system call instead
 * of open, fstat, read, read and close (Netdata reads its cgroup files the same way).
 * At most {@code maxOpen} files stay open; past that, further files are opened for each
 * read (a sweep reads every file in turn, so evicting the least recently read one would
 * close exactly the file read next). Handles of a container that is gone are closed by
 * {@link #forget}.
 * The exception are process lists ({@code cgroup.procs}, {@code tasks}): cgroup v1 keeps
 * the list an open file first read for a second and serves it again from there, so they
 * are opened for every read.
 * A cgroup removed while its file is open fails the read with {@code ENODEV}: the handle
 * is dropped and the file opened again by path, which then tells whether it is gone.
 * Thread-safe.
 */
public final class CgroupFiles implements AutoCloseable {

	/** How many files a layout built without settings keeps open (tests, tools). */
	public static final int DEFAULT_MAX_OPEN = 1024;

	/** Files larger than this are not cgroup files: refused rather than read whole. */
	static final int MAX_SIZE = 4 << 20;

	private static final int FIRST_BUFFER = 8192;

	private final int maxOpen;

	/** Open files by path. Guarded by itself. */
	private final Map<Path, FileChannel> open = new HashMap<>();

	/** Read buffers, reused so that a sweep of every container allocates only the strings it returns. */
	private final ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();

	/**
	 * @param maxOpen how many files may stay open at once (0: none, every read opens the file)
	 */
	public CgroupFiles(int maxOpen) {
		if (maxOpen < 0) {
			throw new IllegalArgumentException("maxOpen must not be negative: " + maxOpen);
		}
		this.maxOpen = maxOpen;
	}

	/**
	 * A reader that keeps at most {@code wanted} files open, and never more than half of
	 * this process's file-descriptor limit, so that sockets and the JVM's own files always
	 * have room.
	 */
	public static CgroupFiles withinProcessLimit(int wanted) {
		long limit = Long.MAX_VALUE;
		if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
			limit = unix.getMaxFileDescriptorCount() / 2;
		}
		return new CgroupFiles((int) Math.max(0, Math.min(wanted, limit)));
	}

	/** How many files may stay open. */
	public int maxOpen() {
		return maxOpen;
	}

	/** The content of a file that must exist; {@link NoSuchFileException} when it (or its cgroup) is gone. */
	public String read(Path dir, String file) throws IOException {
		return read(dir.resolve(file));
	}

	/** The content, or empty when the file does not exist (the kernel omits it). */
	public Optional<String> readOptional(Path dir, String file) throws IOException {
		try {
			return Optional.of(read(dir.resolve(file)));
		}
		catch (NoSuchFileException ex) {
			if (!Files.isDirectory(dir)) {
				throw new NoSuchFileException(dir.toString(), null, "cgroup is gone");
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			// PSI files exist but fail with EOPNOTSUPP when pressure accounting is off.
			if (ex.getMessage() != null && ex.getMessage().contains("not supported")) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/** The content of a file given by its whole path. */
	public String read(Path path) throws IOException {
		FileChannel kept = kept(path);
		if (kept != null) {
			try {
				return readFrom(kept, path);
			}
			catch (ClosedChannelException ex) {
				// closed by another thread making room: read it afresh below
			}
			catch (IOException ex) {
				// ENODEV: the cgroup was removed while the file was open. Opening by path
				// below tells "gone" (NoSuchFileException) from a cgroup made anew under the same name.
				drop(path, kept);
			}
		}
		FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
		boolean keep = false;
		try {
			String content = readFrom(channel, path);
			keep = keep(path, channel);
			return content;
		}
		finally {
			if (!keep) {
				channel.close();
			}
		}
	}

	/** How many files are open now. */
	public int openFiles() {
		synchronized (open) {
			return open.size();
		}
	}

	/** Closes the kept files of every path below a directory (a container that is gone). */
	public void forget(Path dir) {
		synchronized (open) {
			Iterator<Map.Entry<Path, FileChannel>> it = open.entrySet().iterator();
			while (it.hasNext()) {
				Map.Entry<Path, FileChannel> e = it.next();
				if (e.getKey().startsWith(dir)) {
					closeQuietly(e.getValue());
					it.remove();
				}
			}
		}
	}

	@Override
	public void close() {
		synchronized (open) {
			open.values().forEach(CgroupFiles::closeQuietly);
			open.clear();
		}
	}

	private String readFrom(FileChannel channel, Path path) throws IOException {
		ByteBuffer buffer = buffers.poll();
		if (buffer == null) {
			buffer = ByteBuffer.allocate(FIRST_BUFFER);
		}
		try {
			while (true) {
				buffer.clear();
				int total = 0;
				int n;
				// One pread returns a small cgroup file whole; read on until EOF for larger ones.
				while ((n = channel.read(buffer, total)) > 0) {
					total += n;
					if (!buffer.hasRemaining()) {
						break;
					}
				}
				if (buffer.hasRemaining()) {
					return new String(buffer.array(), 0, total, StandardCharsets.ISO_8859_1);
				}
				if (buffer.capacity() >= MAX_SIZE) {
					throw new CgroupFormatException(path.getFileName().toString(),
							"larger than " + MAX_SIZE + " bytes: " + path);
				}
				// Full: the file may be longer. Read it again, whole, into a larger buffer.
				buffer = ByteBuffer.allocate(buffer.capacity() * 4);
			}
		}
		finally {
			buffers.offer(buffer);
		}
	}

	private FileChannel kept(Path path) {
		synchronized (open) {
			return open.get(path);
		}
	}

	private boolean keep(Path path, FileChannel channel) {
		if (maxOpen == 0 || isProcessList(path)) {
			return false;
		}
		synchronized (open) {
			if (open.size() >= maxOpen) {
				return false;
			}
			// false when another thread kept its own handle of the same file first
			return open.putIfAbsent(path, channel) == null;
		}
	}

	private static boolean isProcessList(Path path) {
		String name = path.getFileName().toString();
		return name.equals(CgroupProcs.FILE) || name.equals("tasks");
	}

	private void drop(Path path, FileChannel channel) {
		synchronized (open) {
			open.remove(path, channel);
		}
		closeQuietly(channel);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// closing a read-only kernel file cannot lose data
		}
	}

}
