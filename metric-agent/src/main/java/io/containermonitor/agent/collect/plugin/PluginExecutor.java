package io.containermonitor.agent.collect.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.containermonitor.agent.AgentProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs plugin executables as cmon-agent does (reference 4): {@code [path, <vm uuid or global>]}
 * without a shell (under {@code setsid}, so it leads its own process group), killed with
 * its whole group after the timeout or when its output passes the cap, at most
 * {@code max-concurrent} at once. Thread-safe.
 */
@Component
public class PluginExecutor implements DisposableBean {

	/** util-linux {@code setsid}: runs the plugin as the leader of a new process group (same pid). */
	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private final long maxOutput;

	private final ProcessGroupKiller groups = new ProcessGroupKiller();

	private final boolean ownGroup = Files.isExecutable(SETSID);

	private final Semaphore running;

	private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "plugin-output");
		t.setDaemon(true);
		return t;
	});

	public PluginExecutor(AgentProperties properties) {
		this.maxOutput = properties.plugins().maxOutput().toBytes();
		this.running = new Semaphore(properties.plugins().maxConcurrent());
	}

	/** The plugin's standard output; fails on timeout, too much output, a non-zero exit or too many running. */
	public String run(String plugin, Path executable, String argument, Duration timeout) throws IOException {
		if (!running.tryAcquire()) {
			throw new PluginOutputException(plugin, "too many plugins running");
		}
		try {
			List<String> command = ownGroup ? List.of(SETSID.toString(), executable.toString(), argument)
					: List.of(executable.toString(), argument);
			ProcessBuilder builder = new ProcessBuilder(command)
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			Process process = builder.start();
			CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readCapped(process), readers);
			try {
				byte[] bytes = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (bytes == null) {
					kill(process);
					throw new PluginOutputException(plugin, "output exceeds " + maxOutput + " bytes; killed");
				}
				if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
					kill(process);
					throw new PluginOutputException(plugin, "did not exit within " + timeout.toMillis() + " ms; killed");
				}
				if (process.exitValue() != 0) {
					throw new PluginOutputException(plugin, "exited with status " + process.exitValue());
				}
				return new String(bytes, StandardCharsets.UTF_8);
			}
			catch (TimeoutException ex) {
				kill(process);
				throw new PluginOutputException(plugin, "timed out after " + timeout.toMillis() + " ms; killed");
			}
			catch (InterruptedException ex) {
				kill(process);
				Thread.currentThread().interrupt();
				throw new PluginOutputException(plugin, "interrupted");
			}
			catch (ExecutionException ex) {
				kill(process);
				throw new PluginOutputException(plugin, "cannot read output: " + ex.getCause());
			}
		}
		finally {
			running.release();
		}
	}

	/** The whole output, or null once it passes the cap. */
	private byte[] readCapped(Process process) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try (InputStream in = process.getInputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				if (out.size() + n > maxOutput) {
					return null;
				}
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private void kill(Process process) {
		if (!ownGroup || !groups.killGroup(process.pid())) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
		}
		process.destroyForcibly();
	}

	@Override
	public void destroy() {
		readers.shutdownNow();
	}

}
