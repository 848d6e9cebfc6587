package io.containermonitor.agent;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link AgentProperties} from a few {@code cmon.agent.*} keys, with every default, as Boot would. */
public final class TestProperties {

	private TestProperties() {
	}

	public static AgentProperties bind(Map<String, ?> values) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("cmon.agent.server-uuid", "11111111-2222-4333-8444-555555555555");
		all.put("cmon.agent.hostname", "node1");
		all.putAll(values);
		return bindExactly(all);
	}

	/** Binds only the given keys (no test server uuid or host name). */
	public static AgentProperties bindExactly(Map<String, ?> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("cmon.agent", AgentProperties.class);
	}

}
