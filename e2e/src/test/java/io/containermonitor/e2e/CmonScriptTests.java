package io.containermonitor.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cmon} itself: what it writes is its owner's only, an exposed secret stops it, a
 * failing {@code openssl} is named, and the jars are rebuilt when a source is newer.
 */
class CmonScriptTests {

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private static final List<String> SERVICES = List.of("triton-discovery", "metric-agent", "metric-proxy",
			"cns-adapter");

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	@TempDir
	Path home;

	@Test
	void certsWritesTokensKeysAndConfigurationsForTheirOwnerOnly() throws Exception {
		Result certs = run(project, Map.of(), "certs");
		assertThat(certs.exit()).as(certs.output()).isZero();
		String proxyToken = Files.readString(home.resolve("config/proxy-token.secret")).trim();
		String agentToken = Files.readString(home.resolve("config/agent-token.secret")).trim();
		assertThat(proxyToken).hasSizeGreaterThanOrEqualTo(24);
		// The configurations carry the tokens, so they are secrets too.
		assertThat(Files.readString(home.resolve("config/triton-discovery.yml"))).contains(proxyToken, agentToken);
		assertThat(Files.readString(home.resolve("config/metric-agent.yml"))).contains(agentToken);
		assertThat(Files.readString(home.resolve("config/metric-proxy.yml"))).contains(proxyToken);
		List<String> readableByOthers = new ArrayList<>();
		try (Stream<Path> all = Files.walk(home)) {
			for (Path path : all.toList()) {
				Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
				if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
					readableByOthers.add(home.relativize(path) + " " + PosixFilePermissions.toString(mode));
				}
			}
		}
		assertThat(readableByOthers).as("files and directories others can use").isEmpty();
		assertThat(home.resolve("tls/server-key.pem")).exists();
		assertThat(home.resolve("tls/cmon-dev-key.pem")).exists();
	}

	@Test
	void aTokenOthersCanReadIsRefusedAndLeftAsItWas() throws Exception {
		assertThat(run(project, Map.of(), "certs").exit()).isZero();
		Path token = home.resolve("config/proxy-token.secret");
		String before = Files.readString(token);
		// As an older ./cmon wrote it.
		Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
		Result again = run(project, Map.of(), "certs");
		assertThat(again.exit()).as(again.output()).isEqualTo(1);
		assertThat(again.output()).contains(token + " (mode 644)", "refusing to use them");
		assertThat(Files.readString(token)).isEqualTo(before);
		assertThat(Files.getPosixFilePermissions(token)).contains(PosixFilePermission.OTHERS_READ);
	}

	@Test
	void aPrivateKeyOthersCanReadIsRefused() throws Exception {
		assertThat(run(project, Map.of(), "certs").exit()).isZero();
		Path key = home.resolve("tls/ca-key.pem");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
		Result again = run(project, Map.of(), "certs");
		assertThat(again.exit()).as(again.output()).isEqualTo(1);
		assertThat(again.output()).contains(key + " (mode 640)");
	}

	@Test
	void aFailingOpensslIsNamedWithTheEndOfItsLog() throws Exception {
		// A real failure of the real openssl: a configuration file that does not exist.
		Result certs = run(project, Map.of("OPENSSL_CONF", home.resolve("no-such-openssl.cnf").toString()), "certs");
		assertThat(certs.exit()).as(certs.output()).isEqualTo(1);
		assertThat(certs.output()).contains("cmon: openssl failed: openssl req ", "no-such-openssl.cnf",
				"all of openssl's messages: " + home.resolve("logs/certs.log"));
	}

	/**
	 * The build decision, in a copy of the script beside a project of its own whose
	 * {@code mvnw} only records that it ran and touches the jars: Maven itself is not under test,
	 * and a real build takes minutes. The copy's POM names another version than its parent's, so
	 * finding the jars at all shows that the version is read from the project's own
	 * {@code <version>}.
	 */
	@Test
	void theJarsAreRebuiltWhenMissingOrOlderThanAnySource(@TempDir Path tree) throws Exception {
		String version = "7.7.7-TEST";
		Files.copy(project.resolve("cmon"), tree.resolve("cmon"));
		Files.setPosixFilePermissions(tree.resolve("cmon"), PosixFilePermissions.fromString("rwx------"));
		Files.writeString(tree.resolve("pom.xml"), """
				<project>
				  <parent>
				    <artifactId>spring-boot-starter-parent</artifactId>
				    <version>9.9.9</version>
				  </parent>
				  <artifactId>container-monitor-parent</artifactId>
				  <version>%s</version>
				  <modules>
				    <module>container-monitor</module>
				    <module>triton-discovery</module>
				    <module>metric-agent</module>
				    <module>metric-proxy</module>
				    <module>cns-adapter</module>
				  </modules>
				  <dependencies><dependency><version>1.0</version></dependency></dependencies>
				</project>
				""".formatted(version));
		Path ran = tree.resolve("mvnw-ran");
		Files.writeString(tree.resolve("mvnw"), """
				#!/usr/bin/env bash
				set -euo pipefail
				echo "$*" >> "%s"
				for m in triton-discovery metric-agent metric-proxy cns-adapter; do
				  mkdir -p "$m/target" && touch "$m/target/$m-%s.jar"
				done
				""".formatted(ran, version));
		Files.setPosixFilePermissions(tree.resolve("mvnw"), PosixFilePermissions.fromString("rwx------"));
		Instant sources = Instant.now().minusSeconds(3600);
		Path core = tree.resolve("container-monitor/src/main/java/Core.java");
		for (String module : List.of("container-monitor", "triton-discovery", "metric-agent", "metric-proxy",
				"cns-adapter")) {
			Path source = tree.resolve(module).resolve("src/main/java/" + module.replace("-", "") + ".java");
			Files.createDirectories(source.getParent());
			Files.writeString(source, "class X {}");
			Files.setLastModifiedTime(source, FileTime.from(sources));
			Files.writeString(tree.resolve(module).resolve("pom.xml"), "<project/>");
			Files.setLastModifiedTime(tree.resolve(module).resolve("pom.xml"), FileTime.from(sources));
		}
		Files.writeString(core, "class Core {}");
		Files.setLastModifiedTime(core, FileTime.from(sources));
		Files.setLastModifiedTime(tree.resolve("pom.xml"), FileTime.from(sources));
		for (String service : SERVICES) {
			Path jar = tree.resolve(service).resolve("target").resolve(service + "-" + version + ".jar");
			Files.createDirectories(jar.getParent());
			Files.writeString(jar, "jar");
			Files.setLastModifiedTime(jar, FileTime.from(sources.plusSeconds(60)));
		}

		Result fresh = run(tree, Map.of(), "build");
		assertThat(fresh.exit()).as(fresh.output()).isZero();
		assertThat(ran).as("no build while every jar is newer than every source").doesNotExist();

		// A test goes into no jar.
		Path test = tree.resolve("metric-agent/src/test/java/AgentTests.java");
		Files.createDirectories(test.getParent());
		Files.writeString(test, "class AgentTests {}");
		Result testEdited = run(tree, Map.of(), "build");
		assertThat(testEdited.exit()).as(testEdited.output()).isZero();
		assertThat(ran).as("no build for a newer test source").doesNotExist();

		// What a git pull does to a changed file of the shared core.
		Files.setLastModifiedTime(core, FileTime.from(sources.plusSeconds(120)));
		Result pulled = run(tree, Map.of(), "build");
		assertThat(pulled.exit()).as(pulled.output()).isZero();
		assertThat(pulled.output()).contains("container-monitor/src/main/java/Core.java is newer than");
		assertThat(Files.readAllLines(ran)).containsExactly("-B -q -DskipTests package");

		Result rebuilt = run(tree, Map.of(), "build");
		assertThat(rebuilt.exit()).as(rebuilt.output()).isZero();
		assertThat(Files.readAllLines(ran)).as("built once, then up to date").hasSize(1);

		Files.setLastModifiedTime(tree.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(60)));
		Result pomChanged = run(tree, Map.of(), "build");
		assertThat(pomChanged.output()).contains("pom.xml is newer than");
		assertThat(Files.readAllLines(ran)).hasSize(2);

		Files.setLastModifiedTime(tree.resolve("pom.xml"), FileTime.from(sources));
		Files.delete(tree.resolve("metric-proxy/target/metric-proxy-" + version + ".jar"));
		Result missing = run(tree, Map.of(), "build");
		assertThat(missing.exit()).as(missing.output()).isZero();
		assertThat(missing.output()).contains("metric-proxy-" + version + ".jar is missing");
		assertThat(Files.readAllLines(ran)).hasSize(3);
	}

	private Result run(Path root, Map<String, String> env, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(root.resolve("cmon").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
		builder.environment().put("CMON_HOME", home.toString());
		builder.environment().putAll(env);
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("./cmon %s finished", String.join(" ", args)).isTrue();
		return new Result(process.exitValue(), output);
	}

	record Result(int exit, String output) {
	}

}
