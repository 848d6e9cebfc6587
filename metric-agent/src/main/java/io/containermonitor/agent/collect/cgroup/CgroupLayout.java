package io.containermonitor.agent.collect.cgroup;

import java.nio.file.Path;

/**
 * Where a container's cgroup files are. cgroup v2 has one tree; v1 has one tree per
 * controller. The layout is chosen once at start-up ({@link CgroupLayoutConfiguration}),
 * never by an {@code if} in each reader.
 */
public interface CgroupLayout {

	/** {@code v1} or {@code v2}. */
	String version();

	/** The tree searched for containers and their processes. */
	Path hierarchy();

	/** The directory of a cgroup for a controller (v2: the one directory; v1: that controller's tree). */
	Path controllerDir(String relativeCgroupPath, String controller);

	/** The one reader of this layout's files; it keeps them open between readings. */
	CgroupFiles files();

	/** Closes the files kept open of a cgroup that is gone. */
	default void forget(String relativeCgroupPath) {
		files().forget(dir(relativeCgroupPath));
	}

	/** The directory of a cgroup in the searched tree. */
	default Path dir(String relativeCgroupPath) {
		return hierarchy().resolve(relativeCgroupPath);
	}

}
