package io.containermonitor.agent.collect.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * One plugin as a collector, named {@code plugin_<name>} so its meta metrics are
 * cmon-agent's {@code plugin_<name>_metrics_*}. Created by {@link PluginCatalog}.
 */
public final class PluginCollector implements Collector {

	private final String pluginName;

	private final Path executable;

	private final Scope scope;

	private final PluginOptions options;

	private final Duration defaultTimeout;

	private final Duration defaultTtl;

	private final PluginExecutor executor;

	public PluginCollector(String pluginName, Path executable, Scope scope, PluginOptions options,
			Duration defaultTimeout, Duration defaultTtl, PluginExecutor executor) {
		this.pluginName = pluginName;
		this.executable = executable;
		this.scope = scope;
		this.options = options;
		this.defaultTimeout = defaultTimeout;
		this.defaultTtl = defaultTtl;
		this.executor = executor;
	}

	@Override
	public String name() {
		return "plugin_" + pluginName;
	}

	@Override
	public Scope scope() {
		return scope;
	}

	@Override
	public Duration ttl() {
		return options.ttl() != null ? options.ttl() : defaultTtl;
	}

	public Path executable() {
		return executable;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		if (!target.isNode() && !options.vms().isEmpty()
				&& !options.vms().contains(UUID.fromString(target.key()))) {
			return;
		}
		String argument = target.isNode() ? "global" : target.key();
		Duration timeout = options.timeout() != null ? options.timeout() : defaultTimeout;
		String text = executor.run(name(), executable, argument, timeout);
		boolean prom = executable.getFileName().toString().contains(".prom");
		PluginOutput output = PluginOutputParser.parse(name(), name() + "_", prom, text);
		output.families().forEach(sink::family);
		if (output.ttl() != null) {
			sink.overrideTtl(output.ttl());
		}
	}

}
