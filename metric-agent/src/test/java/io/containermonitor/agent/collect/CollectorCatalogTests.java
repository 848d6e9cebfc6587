package io.containermonitor.agent.collect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.plugin.PluginOutputException;
import org.junit.jupiter.api.Test;

import static io.containermonitor.agent.collect.ReadingsAssert.container;
import static org.assertj.core.api.Assertions.assertThat;

class CollectorCatalogTests {

	private record Named(String name, Scope scope) implements Collector {

		@Override
		public Duration ttl() {
			return Duration.ZERO;
		}

		@Override
		public void collect(Target target, MetricSink sink) throws PluginOutputException {
		}

	}

	@Test
	void switchedOffCollectorsDoNotRunAndScopesAreRespected() {
		CollectorCatalog catalog = new CollectorCatalog(
				List.of(new Named("tcp", Scope.CONTAINER), new Named("cpu", Scope.CONTAINER),
						new Named("node_load", Scope.NODE), new Named("time", Scope.BOTH)),
				List.of(target -> List.of(new Named("plugin_a", Scope.CONTAINER), new Named("plugin_b", Scope.CONTAINER))),
				TestProperties.bind(Map.of("cmon.agent.collectors.tcp.enabled", "false",
						"cmon.agent.collectors.plugin_b.enabled", "false")));
		assertThat(catalog.forTarget(Target.of(container("/machines/web1")))).extracting(Collector::name)
			.containsExactly("cpu", "time", "plugin_a");
		assertThat(catalog.forTarget(Target.node())).extracting(Collector::name).containsExactly("node_load", "time");
	}

}
