package io.containermonitor.agent.app;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.LoggerFactory;

/**
 * Opens sockets inside another process's network namespace. {@code setns(2)} moves only the
 * calling thread, and a socket stays in the namespace it was created in wherever it is used
 * later, so a short-lived platform thread of its own enters the namespace, creates the socket
 * and ends: no thread of the agent ever runs anything else inside a container's namespace,
 * and none has to find its way back (a failed return would leave a pooled thread there).
 * Needs root or {@code CAP_SYS_ADMIN}.
 */
public class NetworkNamespaces {

	private static final int CLONE_NEWNET = 0x40000000;

	private static final int O_RDONLY = 0;

	/** Same value on x86_64 and aarch64. */
	private static final int O_CLOEXEC = 0x80000;

	private final Libc libc;

	private final Duration enterTimeout;

	/**
	 * @param enterTimeout how long entering and creating the socket may take (it is a few system
	 * calls; this only guards against a thread that could not be started)
	 */
	public NetworkNamespaces(Duration enterTimeout) {
		this(loadLibc(), enterTimeout);
	}

	/** Without libc no namespace is entered (each such scrape fails), but the agent still runs. */
	private static Libc loadLibc() {
		try {
			return Native.load("c", Libc.class);
		}
		catch (UnsatisfiedLinkError ex) {
			LoggerFactory.getLogger(NetworkNamespaces.class)
				.warn("cannot load libc ({}); applications in containers' own networks cannot be scraped", ex.toString());
			return null;
		}
	}

	NetworkNamespaces(Libc libc, Duration enterTimeout) {
		this.libc = libc;
		this.enterTimeout = enterTimeout;
	}

	/**
	 * A new, unconnected TCP socket in the network namespace {@code nsFile} names
	 * ({@code /proc/<pid>/ns/net}).
	 * @throws IOException when the namespace cannot be opened or entered (the process exited,
	 * no privilege)
	 */
	public SocketChannel openSocket(Path nsFile) throws IOException {
		CompletableFuture<SocketChannel> socket = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				socket.complete(createIn(nsFile));
			}
			catch (Throwable ex) {
				socket.completeExceptionally(ex);
			}
		}, "cmon-netns-enter");
		thread.setDaemon(true);
		thread.start();
		try {
			return socket.get(enterTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw cause instanceof IOException io ? io
					: new IOException("cannot enter network namespace " + nsFile + ": " + cause, cause);
		}
		catch (TimeoutException ex) {
			socket.thenAccept(NetworkNamespaces::closeQuietly);
			throw new IOException("entering network namespace " + nsFile + " took longer than " + enterTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			socket.thenAccept(NetworkNamespaces::closeQuietly);
			throw new IOException("interrupted while entering network namespace " + nsFile, ex);
		}
	}

	/** Runs on the thread that ends right after: it never leaves the namespace again. */
	private SocketChannel createIn(Path nsFile) throws IOException {
		if (libc == null) {
			throw new IOException("libc is not available to enter network namespace " + nsFile);
		}
		int fd;
		try {
			fd = libc.open(nsFile.toString(), O_RDONLY | O_CLOEXEC);
		}
		catch (LastErrorException ex) {
			throw new IOException("cannot open " + nsFile + ": errno " + ex.getErrorCode(), ex);
		}
		try {
			libc.setns(fd, CLONE_NEWNET);
		}
		catch (LastErrorException ex) {
			throw new IOException("cannot enter network namespace " + nsFile + ": errno " + ex.getErrorCode(), ex);
		}
		finally {
			try {
				libc.close(fd);
			}
			catch (LastErrorException ignored) {
				// the descriptor is gone either way
			}
		}
		return SocketChannel.open();
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// nothing was sent on it
		}
	}

	/** The libc functions used; each throws {@link LastErrorException} with errno on failure. */
	interface Libc extends Library {

		int open(String path, int flags) throws LastErrorException;

		int setns(int fd, int nstype) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
