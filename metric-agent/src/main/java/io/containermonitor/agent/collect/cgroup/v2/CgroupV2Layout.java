package io.containermonitor.agent.collect.cgroup.v2;

import java.nio.file.Path;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.collect.cgroup.CgroupFiles;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;

import org.springframework.stereotype.Component;

/** cgroup v2: one unified tree; every controller's files sit in the cgroup's own directory. */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V2)
public class CgroupV2Layout implements CgroupLayout {

	private final Path root;

	private final CgroupFiles files;

	@org.springframework.beans.factory.annotation.Autowired
	public CgroupV2Layout(AgentProperties properties) {
		this(properties.cgroupRoot(), CgroupFiles.withinProcessLimit(properties.cache().maxOpenFiles()));
	}

	/** A layout whose reader keeps up to {@link CgroupFiles#DEFAULT_MAX_OPEN} files open. */
	public CgroupV2Layout(Path root) {
		this(root, new CgroupFiles(CgroupFiles.DEFAULT_MAX_OPEN));
	}

	public CgroupV2Layout(Path root, CgroupFiles files) {
		this.root = root;
		this.files = files;
	}

	@Override
	public CgroupFiles files() {
		return files;
	}

	@Override
	public String version() {
		return "v2";
	}

	@Override
	public Path hierarchy() {
		return root;
	}

	@Override
	public Path controllerDir(String relativeCgroupPath, String controller) {
		return root.resolve(relativeCgroupPath);
	}

}
