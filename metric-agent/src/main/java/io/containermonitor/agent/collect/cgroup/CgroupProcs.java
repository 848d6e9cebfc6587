package io.containermonitor.agent.collect.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.containermonitor.agent.collect.Target;

/** The processes of a cgroup and its descendants, from {@code cgroup.procs} (same file in v1 and v2). */
public final class CgroupProcs {

	public static final String FILE = "cgroup.procs";

	private CgroupProcs() {
	}

	private static final Target.Shared<Pids> SHARED = new Target.Shared<>("the container's processes", Pids.class);

	/**
	 * The container's pids, read once per reading and shared by every collector that needs them.
	 * @throws NoSuchFileException when the cgroup is gone
	 */
	public static List<Integer> of(Target target, CgroupLayout layout) throws IOException {
		Path dir = layout.dir(target.requireContainer().relativeCgroupPath());
		return target.shared(SHARED, () -> new Pids(read(layout.files(), dir))).list();
	}

	/**
	 * Every pid in the cgroup and its child cgroups.
	 * @throws NoSuchFileException when the cgroup is gone
	 */
	public static List<Integer> read(CgroupFiles files, Path cgroupDir) throws IOException {
		List<Integer> pids = new ArrayList<>(parse(files.read(cgroupDir, FILE)));
		if (!mayHaveChildren(cgroupDir)) {
			return pids;
		}
		try (DirectoryStream<Path> children = Files.newDirectoryStream(cgroupDir, Files::isDirectory)) {
			for (Path child : children) {
				try {
					pids.addAll(read(files, child));
				}
				catch (NoSuchFileException ex) {
					// a child cgroup removed while we listed it has no processes
				}
			}
		}
		return pids;
	}

	/**
	 * Whether a directory may have subdirectories. cgroupfs (kernfs), like most Unix file
	 * systems, counts a directory's links as 2 plus its subdirectories, so 2 means none and
	 * the listing (a stat of every control file) is skipped; a file system that reports
	 * 1 for every directory (btrfs) is listed.
	 */
	static boolean mayHaveChildren(Path dir) throws IOException {
		try {
			Object links = Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
			return !(links instanceof Integer n) || n != 2;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return true;
		}
	}

	/**
	 * Whether the cgroup or a descendant has a process; false when the cgroup is gone.
	 * @throws IOException when {@code cgroup.procs} cannot be read for another reason (a
	 * permission problem is not "no processes")
	 */
	public static boolean hasProcesses(CgroupFiles files, Path cgroupDir) throws IOException {
		try {
			return !read(files, cgroupDir).isEmpty();
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

	private record Pids(List<Integer> list) {
	}

	/** One pid per line; blank lines ignored. */
	public static List<Integer> parse(String text) {
		List<Integer> pids = new ArrayList<>();
		int start = 0;
		int length = text.length();
		while (start < length) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				end = length;
			}
			String t = text.substring(start, end).trim();
			if (!t.isEmpty()) {
				try {
					pids.add(Integer.parseInt(t));
				}
				catch (NumberFormatException ex) {
					throw new CgroupFormatException(FILE, "not a pid: '" + t + "'");
				}
			}
			start = end + 1;
		}
		return pids;
	}

}
