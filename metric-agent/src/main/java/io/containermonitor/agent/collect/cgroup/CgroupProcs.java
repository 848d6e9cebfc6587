package io.containermonitor.agent.collect.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The processes of a cgroup and its descendants, from {@code cgroup.procs} (same file in v1 and v2). */
public final class CgroupProcs {

	public static final String FILE = "cgroup.procs";

	private CgroupProcs() {
	}

	/**
	 * Every pid in the cgroup and its child cgroups.
	 * @throws NoSuchFileException when the cgroup is gone
	 */
	public static List<Integer> read(Path cgroupDir) throws IOException {
		List<Integer> pids = new ArrayList<>(parse(Files.readString(cgroupDir.resolve(FILE))));
		try (Stream<Path> children = Files.list(cgroupDir)) {
			for (Path child : children.filter(Files::isDirectory).toList()) {
				try {
					pids.addAll(read(child));
				}
				catch (NoSuchFileException ex) {
					// a child cgroup removed while we listed it has no processes
				}
			}
		}
		return pids;
	}

	/** Whether the cgroup or a descendant has a process; false when the cgroup is gone. */
	public static boolean hasProcesses(Path cgroupDir) {
		try {
			return !read(cgroupDir).isEmpty();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** One pid per line; blank lines ignored. */
	public static List<Integer> parse(String text) {
		List<Integer> pids = new ArrayList<>();
		for (String line : text.split("\n")) {
			String t = line.trim();
			if (!t.isEmpty()) {
				try {
					pids.add(Integer.parseInt(t));
				}
				catch (NumberFormatException ex) {
					throw new CgroupFormatException(FILE, "not a pid: '" + t + "'");
				}
			}
		}
		return pids;
	}

}
