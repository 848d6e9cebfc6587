package io.containermonitor.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container as the agent sees one: a cgroup below a configured root, in every
 * mounted hierarchy (cgroup v2, or each v1 controller), holding a real process.
 */
final class CgroupContainer implements AutoCloseable {

	private static final Path CGROUP = Path.of("/sys/fs/cgroup");

	/** The v1 hierarchies a container runtime puts a container in (cpuset and devices need setup we skip). */
	private static final List<String> V1_CONTROLLERS = List.of("cpu", "cpuacct", "cpu,cpuacct", "memory", "pids",
			"blkio", "systemd");

	private final List<Path> dirs = new ArrayList<>();

	private final Process process;

	private CgroupContainer(String root, String name, List<String> command) throws IOException {
		for (Path hierarchy : hierarchies()) {
			Path dir = hierarchy.resolve(root).resolve(name);
			Files.createDirectories(dir);
			dirs.add(dir);
		}
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		for (Path dir : dirs) {
			Files.writeString(dir.resolve("cgroup.procs"), Long.toString(process.pid()));
		}
	}

	/** A container burning CPU. */
	static CgroupContainer busy(String root, String name) throws IOException {
		return new CgroupContainer(root, name, List.of("sh", "-c", "while :; do :; done"));
	}

	/**
	 * A container burning CPU in a network namespace of its own with a veth pair, as a runtime
	 * gives one (the agent reports no interfaces for a container on the host's network).
	 */
	static CgroupContainer busyInOwnNetwork(String root, String name) throws IOException {
		CgroupContainer container = new CgroupContainer(root, name, List.of("unshare", "--net", "sh", "-c",
				"ip link add cmon0 type veth peer name cmon1 && ip link set cmon0 up && ip link set cmon1 up"
						+ " && while :; do :; done"));
		Path netDev = Path.of("/proc", Long.toString(container.process.pid()), "net", "dev");
		for (int attempt = 0; attempt < 100; attempt++) {
			if (container.process.isAlive() && Files.readString(netDev).contains("cmon0:")) {
				return container;
			}
			sleep();
		}
		container.close();
		throw new IOException("could not give container " + name + " a network namespace with a veth pair"
				+ " (needs root, unshare and ip from util-linux and iproute2)");
	}

	/**
	 * A container whose application serves Prometheus metrics (docs/app-demo/exporter.py) on
	 * port 9090 of its own network namespace's loopback only, as a ContainerPilot container does.
	 */
	static CgroupContainer applicationInOwnNetwork(String root, String name, Path exporter) throws IOException {
		CgroupContainer container = new CgroupContainer(root, name, List.of("unshare", "--net", "sh", "-c",
				"ip link set lo up && exec python3 \"$0\" 9090", exporter.toString()));
		for (int attempt = 0; attempt < 100; attempt++) {
			Process probe = new ProcessBuilder("nsenter", "-t", Long.toString(container.process.pid()), "-n", "python3",
					"-c", "import socket; socket.create_connection(('127.0.0.1', 9090), 1)")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			try {
				if (container.process.isAlive() && probe.waitFor() == 0) {
					return container;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			sleep();
		}
		container.close();
		throw new IOException("the application of container " + name + " did not listen on its 127.0.0.1:9090"
				+ " (needs root, unshare, nsenter, ip and python3)");
	}

	/** Sets a memory limit, as {@code docker run --memory} does: v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}. */
	CgroupContainer limitMemory(long bytes) throws IOException {
		for (Path dir : dirs) {
			for (String file : List.of("memory.max", "memory.limit_in_bytes")) {
				if (Files.exists(dir.resolve(file))) {
					Files.writeString(dir.resolve(file), Long.toString(bytes));
					return this;
				}
			}
		}
		throw new IOException("no memory controller for " + dirs + ": cannot limit the container's memory");
	}

	/** A container sleeping. */
	static CgroupContainer idle(String root, String name) throws IOException {
		return new CgroupContainer(root, name, List.of("sleep", "3600"));
	}

	static boolean isUnifiedOnly() {
		return Files.exists(CGROUP.resolve("cgroup.controllers"));
	}

	private static List<Path> hierarchies() throws IOException {
		if (isUnifiedOnly()) {
			return List.of(CGROUP);
		}
		List<Path> found = new ArrayList<>();
		for (String controller : V1_CONTROLLERS) {
			Path hierarchy = CGROUP.resolve(controller);
			if (Files.isDirectory(hierarchy) && !Files.isSymbolicLink(hierarchy)
					&& Files.exists(hierarchy.resolve("cgroup.procs"))) {
				found.add(hierarchy);
			}
		}
		return found;
	}

	/** v2 only reports a controller's files in a child when the parent delegates it. */
	static void prepareRoot(String root) throws IOException {
		if (!isUnifiedOnly()) {
			return;
		}
		Path dir = CGROUP.resolve(root);
		Files.createDirectories(dir);
		for (Path parent : List.of(CGROUP, dir)) {
			for (String controller : List.of("+cpu", "+memory", "+pids", "+io")) {
				try {
					Files.writeString(parent.resolve("cgroup.subtree_control"), controller);
				}
				catch (IOException ex) {
					// A controller the kernel lacks or the root owns: the agent reports without it.
				}
			}
		}
	}

	static void removeRoot(String root) {
		try {
			for (Path hierarchy : hierarchies()) {
				Files.deleteIfExists(hierarchy.resolve(root));
			}
		}
		catch (IOException ex) {
			// Best effort: a leftover empty cgroup harms nothing.
		}
	}

	/** Kills the process and removes the cgroups, as a runtime does when a container is deleted. */
	@Override
	public void close() {
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Path dir : dirs) {
			for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++) {
				try {
					Files.deleteIfExists(dir);
				}
				catch (IOException ex) {
					// The kernel frees the cgroup a moment after its last task exits.
					sleep();
				}
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
