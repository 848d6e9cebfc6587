package io.containermonitor.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real cgroups, processes and network namespaces for a test, all removed by
 * {@link #close()} even when the test fails. Every name carries the test's prefix
 * ({@code cmon-test-<jvm pid>-...}), so leftovers of a crashed run can be swept without
 * touching anything else.
 */
public final class RealCgroups implements AutoCloseable {

	/** The prefix of everything the tests create. */
	public static final String PREFIX = "cmon-test-";

	private final List<Path> roots;

	private final String group;

	private final List<Path> created = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	private final java.util.Map<String, List<Process>> byContainer = new java.util.HashMap<>();

	private final List<String> namespaces = new ArrayList<>();

	private final List<String> links = new ArrayList<>();

	/**
	 * @param roots the hierarchies to create cgroups in (v1: one per controller; v2: one)
	 * @param group the cgroup path under each root that holds the test's containers, e.g. {@code /cmon-test-123-v1}
	 */
	public RealCgroups(List<Path> roots, String group) {
		this.roots = List.copyOf(roots);
		this.group = group;
	}

	/** The cgroup group name of this JVM for a suffix. */
	public static String group(String suffix) {
		return "/" + PREFIX + ProcessHandle.current().pid() + "-" + suffix;
	}

	public static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/** Creates the container cgroup {@code <group>/<name>} in every root. */
	public List<Path> create(String name) throws IOException {
		List<Path> dirs = new ArrayList<>();
		for (Path root : roots) {
			Path parent = root.resolve(group.substring(1));
			if (!Files.isDirectory(parent)) {
				Files.createDirectory(parent);
				created.add(parent);
			}
			Path dir = parent.resolve(name);
			Files.createDirectory(dir);
			created.add(dir);
			dirs.add(dir);
		}
		return dirs;
	}

	/** Writes a control file of the container in the root whose path ends with {@code controller}. */
	public void write(String controller, String name, String file, String value) throws IOException {
		for (Path root : roots) {
			if (root.getFileName().toString().equals(controller)) {
				Files.writeString(root.resolve(group.substring(1)).resolve(name).resolve(file), value);
				return;
			}
		}
		throw new IllegalArgumentException("no root for controller " + controller);
	}

	/** Reads a file of the container's cgroup in the root whose path ends with {@code controller}. */
	public String read(String controller, String name, String file) throws IOException {
		for (Path root : roots) {
			if (root.getFileName().toString().equals(controller)) {
				return Files.readString(root.resolve(group.substring(1)).resolve(name).resolve(file)).trim();
			}
		}
		throw new IllegalArgumentException("no root for controller " + controller);
	}

	/**
	 * Starts a command that first moves itself into the container's cgroups (so every
	 * byte and cycle it uses is charged there from the start), then execs the command.
	 */
	public Process start(String name, String... command) throws IOException {
		StringBuilder files = new StringBuilder();
		for (Path root : roots) {
			files.append(root.resolve(group.substring(1)).resolve(name).resolve("cgroup.procs")).append(' ');
		}
		List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
				"for f in $CMON_TEST_PROCS; do echo $$ > \"$f\" || exit 97; done; exec \"$@\"", "sh"));
		argv.addAll(List.of(command));
		ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
		builder.environment().put("CMON_TEST_PROCS", files.toString().trim());
		Process process = builder.start();
		processes.add(process);
		byContainer.computeIfAbsent(name, n -> new ArrayList<>()).add(process);
		return process;
	}

	/** Creates a network namespace with a veth pair: {@code <ns side>} gets .2, the host side .1 of a /30. */
	public void netns(String ns, String hostIf, String nsIf, String subnetPrefix) throws IOException {
		run("ip", "netns", "add", ns);
		namespaces.add(ns);
		run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
		links.add(hostIf);
		run("ip", "link", "set", nsIf, "netns", ns);
		run("ip", "addr", "add", subnetPrefix + ".1/30", "dev", hostIf);
		run("ip", "link", "set", hostIf, "up");
		run("ip", "-n", ns, "addr", "add", subnetPrefix + ".2/30", "dev", nsIf);
		run("ip", "-n", ns, "link", "set", nsIf, "up");
		run("ip", "-n", ns, "link", "set", "lo", "up");
	}

	/** Kills the container's processes and removes its cgroups (a container that stopped and went away). */
	public void remove(String name) throws IOException {
		for (Process p : byContainer.getOrDefault(name, List.of())) {
			kill(p);
		}
		for (Path root : roots) {
			Path dir = root.resolve(group.substring(1)).resolve(name);
			rmdir(dir);
			created.remove(dir);
		}
	}

	public static void run(String... command) throws IOException {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
			if (p.exitValue() != 0) {
				throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	@Override
	public void close() {
		List<Throwable> problems = new ArrayList<>();
		for (Process p : processes) {
			kill(p);
		}
		for (String link : links) {
			quietly(problems, () -> runIgnoringMissing("ip", "link", "del", link));
		}
		for (String ns : namespaces) {
			quietly(problems, () -> run("ip", "netns", "del", ns));
		}
		List<Path> dirs = new ArrayList<>(created);
		java.util.Collections.reverse(dirs);
		for (Path dir : dirs) {
			quietly(problems, () -> rmdir(dir));
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("cleanup failed: " + problems);
		}
	}

	/**
	 * Removes what earlier test JVMs left behind (their pid no longer runs): cgroups
	 * under the roots and network namespaces named with the prefix.
	 */
	public static void sweep(List<Path> roots) {
		for (Path root : roots) {
			if (!Files.isDirectory(root)) {
				continue;
			}
			try (Stream<Path> entries = Files.list(root)) {
				for (Path dir : entries.filter(p -> isStale(p.getFileName().toString())).toList()) {
					try (Stream<Path> children = Files.list(dir)) {
						for (Path child : children.filter(Files::isDirectory).toList()) {
							killAll(child);
							rmdir(child);
						}
					}
					rmdir(dir);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Path netns = Path.of("/run/netns");
		if (Files.isDirectory(netns)) {
			try (Stream<Path> entries = Files.list(netns)) {
				for (Path ns : entries.filter(p -> isStale(p.getFileName().toString())).toList()) {
					run("ip", "netns", "del", ns.getFileName().toString());
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static boolean isStale(String name) {
		if (!name.startsWith(PREFIX)) {
			return false;
		}
		String rest = name.substring(PREFIX.length());
		int dash = rest.indexOf('-');
		try {
			long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
			return ProcessHandle.of(pid).isEmpty();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static void killAll(Path cgroup) throws IOException {
		Path procs = cgroup.resolve("cgroup.procs");
		if (Files.exists(procs)) {
			for (String pid : Files.readAllLines(procs)) {
				if (!pid.isBlank()) {
					ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
				}
			}
		}
	}

	private static void kill(Process p) {
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
		try {
			p.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** rmdir of a cgroup, retried while the kernel still counts exiting tasks. */
	private static void rmdir(Path dir) throws IOException {
		for (int attempt = 0;; attempt++) {
			try {
				Files.deleteIfExists(dir);
				return;
			}
			catch (IOException ex) {
				if (attempt >= 50) {
					throw ex;
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private static void runIgnoringMissing(String... command) throws IOException {
		try {
			run(command);
		}
		catch (IOException ex) {
			if (!ex.getMessage().contains("Cannot find device")) {
				throw ex;
			}
		}
	}

	private interface Step {

		void run() throws Exception;

	}

	private static void quietly(List<Throwable> problems, Step step) {
		try {
			step.run();
		}
		catch (Exception | AssertionError ex) {
			problems.add(ex);
		}
	}

}
