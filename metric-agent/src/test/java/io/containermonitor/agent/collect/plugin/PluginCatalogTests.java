package io.containermonitor.agent.collect.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.Promtool;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.CollectorRunner;
import io.containermonitor.agent.collect.Outcome;
import io.containermonitor.agent.collect.ReadingCache;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TargetMeters;
import io.containermonitor.agent.container.Container;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Plugins as real executables the test writes (reference 4), run without a shell. */
class PluginCatalogTests {

	private static final UUID VM = UUID.fromString("5b2d1c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");

	@TempDir
	Path vmDir;

	@TempDir
	Path gzDir;

	private PluginExecutor executor;

	private final CollectorRunner runner = new CollectorRunner();

	private PluginCatalog catalog(String... extra) {
		Map<String, Object> values = new java.util.HashMap<>(Map.of("cmon.agent.plugins.vm-dir", vmDir.toString(),
				"cmon.agent.plugins.gz-dir", gzDir.toString(), "cmon.agent.plugins.reload-interval", "0s"));
		for (int i = 0; i < extra.length; i += 2) {
			values.put(extra[i], extra[i + 1]);
		}
		AgentProperties properties = TestProperties.bind(values);
		executor = new PluginExecutor(properties);
		return new PluginCatalog(properties, executor);
	}

	@AfterEach
	void stopExecutor() {
		if (executor != null) {
			executor.destroy();
		}
	}

	private static Path script(Path dir, String name, String body) throws IOException {
		Path file = dir.resolve(name);
		Files.writeString(file, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private static Target vm() {
		return Target.of(new Container(VM, "web", "cgroup", null, "/machines/web", Map.of(), new UUID(0, 0), true,
				Instant.EPOCH));
	}

	private Outcome run(Collector c, Target target) {
		return runner.run(c, target);
	}

	@Test
	void executablesAreVmPluginsNamedWithoutExtension() throws Exception {
		script(vmDir, "meaning.sh", "printf 'life\\tgauge\\t42\\tThe answer\\nvm{uuid=\"%s\"}\\tgauge\\t1\\n' \"$1\"");
		Path notExec = vmDir.resolve("readme.txt");
		Files.writeString(notExec, "not a plugin");
		PluginCatalog catalog = catalog();
		List<Collector> plugins = catalog.current(vm());
		assertThat(plugins).extracting(Collector::name).containsExactly("plugin_meaning");
		assertThat(catalog.current(Target.node())).isEmpty();
		Outcome outcome = run(plugins.get(0), vm());
		assertThat(outcome.available()).isTrue();
		assertThat(outcome.families()).hasSize(2);
		assertThat(outcome.families().get(1).samples().get(0).labels()).containsEntry("uuid", VM.toString());
		assertThat(outcome.ttl()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void gzPluginsGetGlobalAndPromFormatWithTtlOption() throws Exception {
		script(gzDir, "zpool.prom", "echo '# OPTION ttl 5'; echo '# HELP arg The argument'; echo '# TYPE arg gauge';"
				+ " echo \"arg{value=\\\"$1\\\"} 1\"");
		PluginCatalog catalog = catalog();
		List<Collector> plugins = catalog.current(Target.node());
		assertThat(plugins).extracting(Collector::name).containsExactly("plugin_zpool");
		Outcome outcome = run(plugins.get(0), Target.node());
		assertThat(outcome.available()).isTrue();
		assertThat(outcome.ttl()).isEqualTo(Duration.ofSeconds(5));
		TargetMeters meters = new TargetMeters();
		meters.apply(new ReadingCache.Lookup(outcome, false));
		String text = meters.render();
		assertThat(text).contains("plugin_zpool_arg{value=\"global\"} 1", "plugin_zpool_metrics_available_boolean 1");
		Promtool.assertClean(text);
	}

	@Test
	void aPluginPastItsTimeoutIsKilled() throws Exception {
		Path pidFile = vmDir.resolve("slow.pid");
		script(vmDir, "slow.sh", "echo $$ > " + pidFile + "; sleep 30 & echo $! >> " + pidFile + "; wait");
		Files.writeString(vmDir.resolve("plugin.json"), "{\"slow.sh\": {\"timeout\": 300}}");
		long start = System.nanoTime();
		Outcome outcome = run(catalog().current(vm()).get(0), vm());
		assertThat(outcome.available()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		// the plugin may have been killed before it wrote anything
		for (String pid : Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.<String>of()) {
			if (pid.isBlank()) {
				continue;
			}
			assertThat(deadWithin(Long.parseLong(pid.trim()), Duration.ofSeconds(3))).as("plugin process " + pid + " killed")
				.isTrue();
		}
	}

	/**
	 * Whether the process is gone or a zombie (killed but not yet reaped: a killed
	 * grandchild is reaped by pid 1, which may be slow in a sandbox).
	 */
	private static boolean deadWithin(long pid, Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		do {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				if (stat.charAt(stat.lastIndexOf(')') + 2) == 'Z') {
					return true;
				}
			}
			catch (IOException ex) {
				return true;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		return false;
	}

	@Test
	void theDefaultTimeoutIsThreeSeconds() {
		assertThat(TestProperties.bind(Map.of()).plugins().timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(TestProperties.bind(Map.of()).plugins().maxOutput().toKilobytes()).isEqualTo(500);
	}

	@Test
	void aPluginWritingMoreThanTheCapIsKilled() throws Exception {
		// 600 KiB of valid lines: over the 500 KiB cap
		script(vmDir, "chatty.sh", "i=0; while [ $i -lt 40000 ]; do echo 'a_long_metric_name\tgauge\t1'; i=$((i+1)); done");
		PluginCollector plugin = (PluginCollector) catalog().current(vm()).get(0);
		assertThat(run(plugin, vm()).available()).isFalse();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> executor.run("plugin_chatty", plugin.executable(), VM.toString(), Duration.ofSeconds(3)))
			.isInstanceOf(PluginOutputException.class)
			.hasMessageContaining("exceeds 512000 bytes");
	}

	@Test
	void garbageEmptyAndFailingPlugins() throws Exception {
		script(vmDir, "garbage.sh", "echo 'this is not a metric'");
		script(vmDir, "empty.sh", "true");
		script(vmDir, "failing.sh", "echo 'x\tgauge\t1'; exit 3");
		List<Collector> plugins = catalog().current(vm());
		assertThat(plugins).extracting(Collector::name).containsExactly("plugin_empty", "plugin_failing", "plugin_garbage");
		assertThat(run(plugins.get(0), vm()).available()).isTrue();
		assertThat(run(plugins.get(0), vm()).families()).isEmpty();
		assertThat(run(plugins.get(1), vm()).available()).isFalse();
		assertThat(run(plugins.get(2), vm()).available()).isFalse();
	}

	@Test
	void vmsOptionRestrictsWhichVmsAPluginRunsFor() throws Exception {
		script(vmDir, "only.sh", "echo 'x\tgauge\t1'");
		Files.writeString(vmDir.resolve("plugin.json"),
				"{\"only.sh\": {\"vms\": [\"" + UUID.randomUUID() + "\"], \"ttl\": 7}}");
		Collector plugin = catalog().current(vm()).get(0);
		assertThat(plugin.ttl()).isEqualTo(Duration.ofSeconds(7));
		Outcome outcome = run(plugin, vm());
		assertThat(outcome.available()).isTrue();
		assertThat(outcome.families()).isEmpty();
	}

	@Test
	void missingDirectoryMeansNoPlugins() throws Exception {
		Files.delete(gzDir);
		assertThat(catalog().current(Target.node())).isEmpty();
	}

}
