package io.containermonitor.agent.container;

import java.util.Map;
import java.util.Optional;

/**
 * Looks a container name (alias) up in a configured map whose keys are names, or prefixes
 * ending in {@code *}: an exact key wins over a prefix.
 */
final class AliasPatterns {

	private AliasPatterns() {
	}

	static <T> Optional<T> lookup(Map<String, T> byAlias, String alias) {
		if (alias == null) {
			return Optional.empty();
		}
		T exact = byAlias.get(alias);
		if (exact != null) {
			return Optional.of(exact);
		}
		for (Map.Entry<String, T> e : byAlias.entrySet()) {
			String key = e.getKey();
			if (key.endsWith("*") && alias.startsWith(key.substring(0, key.length() - 1))) {
				return Optional.of(e.getValue());
			}
		}
		return Optional.empty();
	}

}
