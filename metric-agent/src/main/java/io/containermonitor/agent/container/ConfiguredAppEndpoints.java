package io.containermonitor.agent.container;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.core.vm.AppEndpoint;

/**
 * Gives a container without an application-endpoint label the one the configuration names
 * for it ({@code cmon.agent.app.endpoints}), as labels: so that the agent, registration (its
 * tags) and discovery all see one declaration, whichever way it was made. A container's own
 * label wins: it is the more specific declaration.
 */
final class ConfiguredAppEndpoints {

	private final Map<String, AgentProperties.App.Endpoint> byAlias;

	ConfiguredAppEndpoints(AgentProperties.App app) {
		this.byAlias = app.endpoints();
	}

	Map<String, String> withConfigured(String alias, Map<String, String> labels) {
		if (labels.containsKey(AppEndpoint.PORT_TAG)) {
			return labels;
		}
		Optional<AgentProperties.App.Endpoint> configured = AliasPatterns.lookup(byAlias, alias);
		if (configured.isEmpty()) {
			return labels;
		}
		Map<String, String> with = new LinkedHashMap<>(labels);
		with.put(AppEndpoint.PORT_TAG, Integer.toString(configured.get().port()));
		with.put(AppEndpoint.PATH_TAG, configured.get().path());
		return with;
	}

}
