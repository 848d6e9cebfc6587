package io.containermonitor.forwarder.stores;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A store's server process started by a test: found on the PATH (a missing binary
 * fails the test with the Debian package to install, it never skips), its output in
 * a log file, stopped on {@link #stop()} and, whatever happens, at JVM exit.
 */
final class LocalProcess {

	private final List<String> command;

	private final Path log;

	private final String debianPackage;

	private Process process;

	private Thread shutdownHook;

	LocalProcess(List<String> command, Path log, String debianPackage) {
		this.command = command;
		this.log = log;
		this.debianPackage = debianPackage;
	}

	static Path requireBinary(String name, String debianPackage) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				name + " is not installed; this test needs the Debian package " + debianPackage + " (apt-get install -y "
						+ debianPackage + ")");
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	synchronized void start(int port, Duration timeout) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		process = builder.start();
		Process started = process;
		if (shutdownHook == null) {
			shutdownHook = new Thread(() -> {
				Process running = this.process;
				if (running != null) {
					running.destroyForcibly();
				}
			});
			Runtime.getRuntime().addShutdownHook(shutdownHook);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				throw new IllegalStateException(command.get(0) + " exited with " + started.exitValue() + "; see " + log
						+ ":\n" + tail());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				return;
			}
			catch (IOException notYet) {
				Thread.sleep(100);
			}
		}
		stop();
		throw new IllegalStateException(command.get(0) + " did not listen on " + port + " within " + timeout + "; see "
				+ log + ":\n" + tail());
	}

	synchronized void stop() {
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		process = null;
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

}
