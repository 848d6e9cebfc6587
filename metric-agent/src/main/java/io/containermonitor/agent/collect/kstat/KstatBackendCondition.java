package io.containermonitor.agent.collect.kstat;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the kstat backend runs: {@code cmon.agent.backend=kstat}, or, when that is
 * unset or {@code auto}, the JVM runs on SunOS (SmartOS, illumos). Any other value
 * ({@code linux}) switches it off, so nothing of it is loaded on Linux unless asked.
 */
public class KstatBackendCondition implements Condition {

	public static final String PROPERTY = "cmon.agent.backend";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return active(context.getEnvironment().getProperty(PROPERTY, "auto"), System.getProperty("os.name", ""));
	}

	static boolean active(String backend, String osName) {
		String b = backend.trim().toLowerCase(Locale.ROOT);
		if (b.equals("kstat")) {
			return true;
		}
		return b.equals("auto") && osName.equals("SunOS");
	}

}
