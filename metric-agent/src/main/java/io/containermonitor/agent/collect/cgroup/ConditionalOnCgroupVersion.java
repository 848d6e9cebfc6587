package io.containermonitor.agent.collect.cgroup;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.containermonitor.agent.AgentProperties.CgroupVersion;

import org.springframework.context.annotation.Conditional;

/** Registers a bean only for the cgroup layout detected (or configured) at start-up. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(CgroupVersionCondition.class)
public @interface ConditionalOnCgroupVersion {

	/** V1 or V2. */
	CgroupVersion value();

}
