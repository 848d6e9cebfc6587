package io.containermonitor.agent.collect.cgroup.v2;

import java.nio.file.Path;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.AgentProperties.CgroupVersion;
import io.containermonitor.agent.collect.cgroup.CgroupLayout;
import io.containermonitor.agent.collect.cgroup.ConditionalOnCgroupVersion;

import org.springframework.stereotype.Component;

/** cgroup v2: one unified tree; every controller's files sit in the cgroup's own directory. */
@Component
@ConditionalOnCgroupVersion(CgroupVersion.V2)
public class CgroupV2Layout implements CgroupLayout {

	private final Path root;

	@org.springframework.beans.factory.annotation.Autowired
	public CgroupV2Layout(AgentProperties properties) {
		this(properties.cgroupRoot());
	}

	public CgroupV2Layout(Path root) {
		this.root = root;
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
