package io.containermonitor.agent.collect.kstat;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The negation of {@link KstatBackendCondition}: for the Linux-only beans (cgroup layout
 * and collectors, netns, root file system, the cgroup {@code ContainerInventory}), so
 * that exactly one backend is wired. Meant for {@code @Conditional(LinuxBackendCondition.class)}
 * on those beans (see the integration notes of the kstat backend).
 */
public class LinuxBackendCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !KstatBackendCondition.active(context.getEnvironment().getProperty(KstatBackendCondition.PROPERTY, "auto"),
				System.getProperty("os.name", ""));
	}

}
