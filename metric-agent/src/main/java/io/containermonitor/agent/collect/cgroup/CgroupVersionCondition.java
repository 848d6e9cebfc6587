package io.containermonitor.agent.collect.cgroup;

import io.containermonitor.agent.collect.kstat.LinuxBackendCondition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.containermonitor.agent.AgentProperties.CgroupVersion;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches {@link ConditionalOnCgroupVersion}: {@code cmon.agent.cgroup-version}, or when
 * {@code auto}, v2 if the cgroup root holds {@code cgroup.controllers} (a unified
 * mount), else v1 (legacy and hybrid layouts).
 */
class CgroupVersionCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (!new LinuxBackendCondition().matches(context, metadata)) {
			// Under the kstat backend there are no cgroups to read.
			return false;
		}
		CgroupVersion wanted = (CgroupVersion) metadata.getAnnotationAttributes(ConditionalOnCgroupVersion.class.getName())
			.get("value");
		return detect(context.getEnvironment().getProperty("cmon.agent.cgroup-version", "auto"),
				context.getEnvironment().getProperty("cmon.agent.cgroup-root", "/sys/fs/cgroup")) == wanted;
	}

	static CgroupVersion detect(String configured, String root) {
		CgroupVersion version = CgroupVersion.valueOf(configured.trim().toUpperCase(Locale.ROOT));
		if (version != CgroupVersion.AUTO) {
			return version;
		}
		return Files.exists(Path.of(root, "cgroup.controllers")) ? CgroupVersion.V2 : CgroupVersion.V1;
	}

}
