package io.containermonitor.agent.collect.cgroup.v1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.cgroup.CgroupFiles;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;

import org.springframework.stereotype.Component;

/**
 * cgroup v1: one tree per controller under the root. Controllers may be mounted
 * alone ({@code cpu}, {@code cpuacct}, as on this project's CI machines) or co-mounted
 * ({@code cpu,cpuacct}, usually with {@code cpu} and {@code cpuacct} symlinks); both
 * are found by splitting mount directory names on commas, once at start-up.
 */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V1)
public class CgroupV1Layout implements CgroupLayout {

	private final Path root;

	private final CgroupFiles files;

	private final Map<String, Path> mounts = new HashMap<>();

	private final Path hierarchy;

	@org.springframework.beans.factory.annotation.Autowired
	public CgroupV1Layout(AgentProperties properties) {
		this(properties.cgroupRoot(), CgroupFiles.withinProcessLimit(properties.cache().maxOpenFiles()));
	}

	/** A layout whose reader keeps up to {@link CgroupFiles#DEFAULT_MAX_OPEN} files open. */
	public CgroupV1Layout(Path root) {
		this(root, new CgroupFiles(CgroupFiles.DEFAULT_MAX_OPEN));
	}

	public CgroupV1Layout(Path root, CgroupFiles files) {
		this.root = root;
		this.files = files;
		try (Stream<Path> entries = Files.list(root)) {
			entries.filter(Files::isDirectory).sorted().forEach(dir -> {
				for (String controller : dir.getFileName().toString().split(",")) {
					mounts.putIfAbsent(controller, dir);
				}
			});
		}
		catch (NoSuchFileException ex) {
			// no cgroup file system here: no containers will be found (logged by the inventory)
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list cgroup v1 mounts under " + root, ex);
		}
		this.hierarchy = mounts.getOrDefault("cpuacct",
				mounts.getOrDefault("memory", mounts.getOrDefault("pids", root.resolve("cpuacct"))));
	}

	@Override
	public CgroupFiles files() {
		return files;
	}

	@Override
	public String version() {
		return "v1";
	}

	@Override
	public Path hierarchy() {
		return hierarchy;
	}

	@Override
	public Path controllerDir(String relativeCgroupPath, String controller) {
		return mounts.getOrDefault(controller, root.resolve(controller)).resolve(relativeCgroupPath);
	}

	/** Closes the files kept open of a cgroup that is gone, in every controller's tree. */
	@Override
	public void forget(String relativeCgroupPath) {
		for (Path mount : new java.util.HashSet<>(mounts.values())) {
			files.forget(mount.resolve(relativeCgroupPath));
		}
	}

	/** Whether the controller is mounted (v1 "no such controller" is a named case, not a failure). */
	public boolean isMounted(String controller) {
		return mounts.containsKey(controller);
	}

	/**
	 * v1 writes "no limit" as the largest page-aligned counter value, close to
	 * {@code Long.MAX_VALUE} (9223372036854771712 with 4 KiB pages); anything that large is unlimited.
	 */
	public static boolean isUnlimited(long value) {
		return value >= Long.MAX_VALUE / 2;
	}

}
