package io.containermonitor.agent.collect.kstat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a system command as an argument vector, never through a shell, with standard
 * input from /dev/null, a timeout (then it and its children are killed) and a cap on
 * its output. A non-zero exit is an error carrying the first line of its standard
 * error. Thread-safe; close it to stop its reader threads.
 */
public final class CommandRunner implements AutoCloseable {

	private static final int MAX_STDERR = 4096;

	private final Duration timeout;

	private final long maxOutput;

	private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "kstat-command-output");
		t.setDaemon(true);
		return t;
	});

	public CommandRunner(Duration timeout, long maxOutput) {
		this.timeout = timeout;
		this.maxOutput = maxOutput;
	}

	/** The command's standard output, as UTF-8. */
	public String run(List<String> argv) throws CommandException {
		String what = String.join(" ", argv);
		Process process;
		try {
			process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
		}
		catch (IOException ex) {
			throw new CommandException("cannot run " + what + ": " + ex.getMessage());
		}
		CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream(), maxOutput),
				readers);
		CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream(), MAX_STDERR),
				readers);
		try {
			long deadline = System.nanoTime() + timeout.toNanos();
			byte[] stdout = out.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			if (stdout == null) {
				kill(process);
				throw new CommandException(what + ": output exceeds " + maxOutput + " bytes; killed");
			}
			if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				kill(process);
				throw new CommandException(what + ": did not exit within " + timeout.toMillis() + " ms; killed");
			}
			if (process.exitValue() != 0) {
				byte[] stderr = stderrOf(err);
				String first = stderr == null ? "" : new String(stderr, StandardCharsets.UTF_8).strip().lines()
					.findFirst()
					.orElse("");
				throw new CommandException(what + ": exit status " + process.exitValue()
						+ (first.isEmpty() ? "" : ": " + first));
			}
			return new String(stdout, StandardCharsets.UTF_8);
		}
		catch (TimeoutException ex) {
			kill(process);
			throw new CommandException(what + ": timed out after " + timeout.toMillis() + " ms; killed");
		}
		catch (InterruptedException ex) {
			kill(process);
			Thread.currentThread().interrupt();
			throw new CommandException(what + ": interrupted");
		}
		catch (ExecutionException ex) {
			kill(process);
			throw new CommandException(what + ": cannot read output: " + ex.getCause());
		}
	}

	private static byte[] stderrOf(CompletableFuture<byte[]> err) {
		try {
			return err.get(1, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** All of the stream, or null once it passes the cap. */
	private static byte[] read(InputStream in, long cap) {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		try (in) {
			int n;
			while ((n = in.read(chunk)) >= 0) {
				if (buffer.size() + n > cap) {
					return null;
				}
				buffer.write(chunk, 0, n);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return buffer.toByteArray();
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

	@Override
	public void close() {
		readers.shutdownNow();
	}

}
