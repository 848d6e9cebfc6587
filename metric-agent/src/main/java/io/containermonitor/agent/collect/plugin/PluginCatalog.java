package io.containermonitor.agent.collect.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.DynamicCollectors;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.core.vm.TritonUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The plugins in the VM and GZ plugin directories, re-read at most every
 * {@code reload-interval}. A missing directory means no plugins. A directory must be
 * owned by root (or by the user the agent runs as); every executable regular file in
 * it except {@code plugin.json} is a plugin named after its file name without extension.
 * Thread-safe.
 */
@Component
public class PluginCatalog implements DynamicCollectors {

	private static final Logger log = LoggerFactory.getLogger(PluginCatalog.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AgentProperties.Plugins settings;

	private final PluginExecutor executor;

	private final Loaded vm;

	private final Loaded gz;

	public PluginCatalog(AgentProperties properties, PluginExecutor executor) {
		this.settings = properties.plugins();
		this.executor = executor;
		this.vm = new Loaded(settings.vmDir(), Scope.CONTAINER);
		this.gz = new Loaded(settings.gzDir(), Scope.NODE);
	}

	@Override
	public List<Collector> current(Target target) {
		return (target.isNode() ? gz : vm).get();
	}

	List<Collector> load(Path dir, Scope scope) throws IOException {
		List<Collector> plugins = new ArrayList<>();
		PosixFileAttributes attrs;
		try {
			attrs = Files.readAttributes(dir, PosixFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			return plugins;
		}
		String owner = attrs.owner().getName();
		String self = System.getProperty("user.name");
		if (!owner.equals("root") && !owner.equals(self)) {
			log.warn("plugin directory {} is owned by {}, not root: no plugins run from it", dir, owner);
			return plugins;
		}
		Map<String, PluginOptions> options = readOptions(dir.resolve("plugin.json"));
		Set<String> names = new HashSet<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.sorted().toList()) {
				String fileName = file.getFileName().toString();
				if (fileName.equals("plugin.json") || !Files.isRegularFile(file)) {
					continue;
				}
				if (!Files.isExecutable(file)) {
					log.warn("plugin {} is not executable; skipped", file);
					continue;
				}
				String name = pluginName(fileName);
				if (!names.add(name)) {
					log.warn("plugin {} has the same name as another plugin in {}; skipped", file, dir);
					continue;
				}
				plugins.add(new PluginCollector(name, file, scope, options.getOrDefault(fileName, PluginOptions.NONE),
						settings.timeout(), settings.defaultTtl(), executor));
			}
		}
		return plugins;
	}

	/** The file name up to its first dot, made a valid metric-name part. */
	static String pluginName(String fileName) {
		int dot = fileName.indexOf('.');
		String base = dot > 0 ? fileName.substring(0, dot) : fileName;
		return base.replaceAll("[^a-zA-Z0-9_]", "_");
	}

	static Map<String, PluginOptions> readOptions(Path file) {
		Map<String, PluginOptions> options = new LinkedHashMap<>();
		if (!Files.isRegularFile(file)) {
			return options;
		}
		try {
			JsonNode root = JSON.readTree(Files.readString(file));
			for (Map.Entry<String, JsonNode> e : root.properties()) {
				JsonNode o = e.getValue();
				Duration timeout = o.hasNonNull("timeout") ? Duration.ofMillis(o.get("timeout").asLong()) : null;
				Duration ttl = o.hasNonNull("ttl") ? Duration.ofSeconds(o.get("ttl").asLong()) : null;
				Set<UUID> vms = new HashSet<>();
				if (o.has("vms") && o.get("vms").isArray()) {
					for (JsonNode v : o.get("vms")) {
						TritonUuid.parseLenient(v.asString("")).ifPresent(vms::add);
					}
				}
				options.put(e.getKey(), new PluginOptions(timeout, ttl, vms));
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("cannot read {}: {}; plugins run with default options", file, ex.toString());
		}
		return options;
	}

	private final class Loaded {

		private final Path dir;

		private final Scope scope;

		private List<Collector> plugins = List.of();

		private long loadedAt;

		private boolean loaded;

		Loaded(Path dir, Scope scope) {
			this.dir = dir;
			this.scope = scope;
		}

		synchronized List<Collector> get() {
			long now = System.nanoTime();
			if (!loaded || now - loadedAt >= settings.reloadInterval().toNanos()) {
				try {
					plugins = List.copyOf(load(dir, scope));
				}
				catch (IOException ex) {
					log.warn("cannot read plugin directory {}: {}", dir, ex.toString());
					plugins = List.of();
				}
				loaded = true;
				loadedAt = now;
			}
			return plugins;
		}

	}

}
