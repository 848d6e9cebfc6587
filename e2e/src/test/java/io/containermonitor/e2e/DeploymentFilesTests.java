package io.containermonitor.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and k8s/ checked against the applications themselves (ComposeEndToEndTests
 * runs the compose file on podman; no cluster runs here): every image is one of our modules,
 * every property an environment variable sets is one that application binds, and
 * every port a probe, health check or Service names is one the container opens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentFilesTests {

	private static final List<String> APPS = List.of("metric-agent", "metric-proxy", "triton-discovery",
			"cns-adapter", "metrics-forwarder");

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	private final Map<String, AppMetadata> metadata = new HashMap<>();

	@BeforeAll
	void readMetadata() throws IOException {
		for (String app : APPS) {
			metadata.put(app, AppMetadata.of(project, app));
		}
	}

	@Test
	void metadataKnowsRealPropertiesAndNotInventedOnesSoTheChecksBelowCanFail() {
		AppMetadata proxy = metadata.get("metric-proxy");
		assertThat(proxy.knows("CMON_PROXY_TLS_CERTIFICATE")).isTrue();
		assertThat(proxy.knows("cmon.proxy.rate-limit.replenish-rate")).isTrue();
		assertThat(proxy.knows("server.port")).isTrue();
		assertThat(proxy.knows("CMON_PROXY_TLS_CERTIFICAT")).isFalse();
		assertThat(proxy.knows("cmon.agent.registration.url")).isFalse();
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeServicesUseOurImagesAndPropertiesTheAppsBind() throws IOException {
		Map<String, Object> compose = load(project.resolve("docker-compose.yml"));
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		Set<String> modulesSeen = new HashSet<>();
		for (Map.Entry<String, Object> entry : services.entrySet()) {
			Map<String, Object> service = (Map<String, Object>) entry.getValue();
			Map<String, Object> build = (Map<String, Object>) service.get("build");
			if (build == null) {
				continue;
			}
			if (!"docker/Dockerfile".equals(build.get("dockerfile"))) {
				// Redis, Prometheus, VictoriaMetrics, the secrets copier: built from Debian's packages.
				assertThat(project.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
					.as("%s's Dockerfile", entry.getKey())
					.exists();
				assertThat((String) service.get("image")).as("%s is built here, not pulled", entry.getKey())
					.startsWith("containermonitor/");
				continue;
			}
			String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
			assertThat(APPS).as("service %s builds a module of ours", entry.getKey()).contains(module);
			assertThat(project.resolve((String) build.get("dockerfile"))).exists();
			assertThat((String) service.get("image")).isEqualTo("containermonitor/" + module + ":" + ProjectVersion.release());
			modulesSeen.add(module);
			Map<String, Object> env = (Map<String, Object>) service.get("environment");
			for (String variable : env.keySet()) {
				if (!variable.equals("JAVA_TOOL_OPTIONS")) {
					assertThat(metadata.get(module).knows(variable))
						.as("%s sets %s, which %s does not bind", entry.getKey(), variable, module)
						.isTrue();
				}
			}
			List<String> health = (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test");
			assertThat(String.join(" ", health)).as("%s health check uses its management port", entry.getKey())
				.contains("localhost:" + env.get("MANAGEMENT_SERVER_PORT") + "/actuator/health");
		}
		assertThat(modulesSeen).contains("metric-agent", "metric-proxy", "triton-discovery", "cns-adapter");
		assertThat(services.keySet()).as("two proxy replicas, Redis and a Prometheus")
			.contains("metric-proxy-a", "metric-proxy-b", "redis", "prometheus");
		assertThat(Files.readString(project.resolve("docker/prometheus.yml"))).contains("triton_sd_configs:");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesWorkloadsUseOurImagesPropertiesAndPorts() throws IOException {
		Map<String, Object> overlay = load(project.resolve("k8s/overlays/local/kustomization.yaml"));
		Map<String, Set<String>> generatedKeys = generatedKeys(overlay);
		List<String> resources = (List<String>) load(project.resolve("k8s/base/kustomization.yaml")).get("resources");
		List<Map<String, Object>> documents = new ArrayList<>();
		for (String resource : resources) {
			try (Reader reader = Files.newBufferedReader(project.resolve("k8s/base").resolve(resource))) {
				new Yaml().loadAll(reader).forEach(doc -> documents.add((Map<String, Object>) doc));
			}
		}
		Map<String, Map<String, Object>> workloads = new HashMap<>();
		for (Map<String, Object> doc : documents) {
			String kind = (String) doc.get("kind");
			if (!kind.equals("Deployment") && !kind.equals("DaemonSet")) {
				continue;
			}
			String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
			workloads.put(name, doc);
			Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc
				.get("spec")).get("template")).get("spec");
			for (Map<String, Object> container : (List<Map<String, Object>>) podSpec.get("containers")) {
				String image = (String) container.get("image");
				Set<String> portNames = new HashSet<>();
				Map<String, Object> portNumbers = new HashMap<>();
				for (Map<String, Object> port : (List<Map<String, Object>>) container.get("ports")) {
					portNames.add((String) port.get("name"));
					portNumbers.put((String) port.get("name"), port.get("containerPort"));
				}
				for (String probe : List.of("readinessProbe", "livenessProbe")) {
					Map<String, Object> check = (Map<String, Object>) container.get(probe);
					assertThat(check).as("%s has a %s", name, probe).isNotNull();
					Object port = check.containsKey("httpGet") ? ((Map<String, Object>) check.get("httpGet")).get("port")
							: check.containsKey("tcpSocket") ? ((Map<String, Object>) check.get("tcpSocket")).get("port") : null;
					if (port != null) {
						assertThat(portNames).as("%s %s port", name, probe).contains((String) port);
					}
				}
				assertThat(container.get("resources")).as("%s declares resources", name).isNotNull();
				if (!image.startsWith("containermonitor/")) {
					continue;
				}
				String module = image.substring("containermonitor/".length(), image.indexOf(':'));
				assertThat(APPS).contains(module);
				assertThat(image).as("%s image tag", name).endsWith(":" + ProjectVersion.release());
				for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
					String variableName = (String) variable.get("name");
					if (variableName.equals("JAVA_TOOL_OPTIONS")) {
						continue; // the JVM's own, as in the compose file
					}
					assertThat(metadata.get(module).knows(variableName))
						.as("%s sets %s, which %s does not bind", name, variableName, module)
						.isTrue();
					if (variableName.equals("MANAGEMENT_SERVER_PORT")) {
						assertThat(String.valueOf(portNumbers.get("management"))).isEqualTo(variable.get("value"));
					}
					if (variableName.equals("SERVER_PORT") && portNumbers.containsKey("http")) {
						assertThat(String.valueOf(portNumbers.get("http"))).isEqualTo(variable.get("value"));
					}
					Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
					if (from != null) {
						for (String ref : List.of("secretKeyRef", "configMapKeyRef")) {
							Map<String, Object> key = (Map<String, Object>) from.get(ref);
							if (key != null) {
								assertThat(generatedKeys.getOrDefault((String) key.get("name"), Set.of()))
									.as("%s %s %s", name, ref, key)
									.contains((String) key.get("key"));
							}
						}
					}
				}
			}
		}
		assertThat(workloads).containsKeys("metric-agent", "metric-proxy", "triton-discovery", "cns-adapter", "redis");
		assertThat(workloads.get("metric-agent").get("kind")).isEqualTo("DaemonSet");
		assertThat(((Map<String, Object>) workloads.get("metric-proxy").get("spec")).get("replicas")).isEqualTo(3);
		assertThat(documents).anyMatch(doc -> "PodDisruptionBudget".equals(doc.get("kind")));
	}

	/** ./cmon writes each service's configuration; every key it writes must be one the service binds. */
	@Test
	void cmonWritesOnlyPropertiesTheServicesBind() throws Exception {
		Path home = Path.of("target", "cmon-config").toAbsolutePath();
		// A fresh home each run: what an older ./cmon left there may be refused (see CmonScriptTests).
		deleteTree(home);
		ProcessBuilder certs = new ProcessBuilder(project.resolve("cmon").toString(), "certs").directory(project.toFile())
			.redirectErrorStream(true);
		certs.environment().put("CMON_HOME", home.toString());
		certs.environment().put("CMON_OWNER_MAPPING", "web*=0ddba11a-0000-4000-8000-00000000e2e0");
		Process process = certs.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		for (String module : List.of("metric-agent", "metric-proxy", "triton-discovery", "cns-adapter")) {
			Map<String, Object> config = load(home.resolve("config").resolve(module + ".yml"));
			List<String> keys = new ArrayList<>();
			flatten("", config, keys);
			assertThat(keys).as("%s.yml", module).isNotEmpty();
			for (String key : keys) {
				assertThat(metadata.get(module).knows(key)).as("./cmon sets %s for %s, which does not bind it", key, module)
					.isTrue();
			}
		}
		assertThat(Files.readString(home.resolve("config/prometheus.yml"))).contains("triton_sd_configs:");
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> map, List<String> keys) {
		for (Map.Entry<String, Object> entry : map.entrySet()) {
			String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested && !key.endsWith(".mapping")) {
				flatten(key, (Map<String, Object>) nested, keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	/**
	 * The overlay as {@code kubectl apply -k} would send it. Debian's own kubectl (1.20) has a
	 * kustomize too old for {@code resources: [../../base]}; .ci/run installs a current one.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void kustomizeBuildsTheLocalOverlay() throws Exception {
		Process build;
		try {
			build = new ProcessBuilder("kubectl", "kustomize", project.resolve("k8s/overlays/local").toString())
				.redirectError(ProcessBuilder.Redirect.PIPE)
				.start();
		}
		catch (IOException ex) {
			throw new AssertionError("kubectl is needed to build k8s/overlays/local (.ci/run installs it)", ex);
		}
		String output = new String(build.getInputStream().readAllBytes());
		String errors = new String(build.getErrorStream().readAllBytes());
		assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(build.exitValue()).as("kubectl kustomize (kubectl 1.21 or newer is needed): %s", errors).isZero();
		Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
		for (Object doc : new Yaml().loadAll(output)) {
			Map<String, Object> resource = (Map<String, Object>) doc;
			Map<String, Object> meta = (Map<String, Object>) resource.get("metadata");
			byKindAndName.put(resource.get("kind") + "/" + meta.get("name"), resource);
			if (!"Namespace".equals(resource.get("kind"))) {
				assertThat(meta.get("namespace")).as("namespace of %s/%s", resource.get("kind"), meta.get("name"))
					.isEqualTo("cmon");
			}
		}
		assertThat(byKindAndName).containsKeys("DaemonSet/metric-agent", "Deployment/metric-proxy",
				"Deployment/triton-discovery", "Deployment/cns-adapter", "Secret/cmon-tokens", "ConfigMap/cmon-settings");
		Map<String, Object> tokens = (Map<String, Object>) byKindAndName.get("Secret/cmon-tokens").get("data");
		assertThat(tokens).containsOnlyKeys("proxy-token", "agent-token");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Set<String>> generatedKeys(Map<String, Object> overlay) {
		Map<String, Set<String>> keys = new HashMap<>();
		for (String generator : List.of("configMapGenerator", "secretGenerator")) {
			for (Map<String, Object> entry : (List<Map<String, Object>>) overlay.get(generator)) {
				Set<String> names = new HashSet<>();
				for (String literal : (List<String>) entry.get("literals")) {
					names.add(literal.substring(0, literal.indexOf('=')));
				}
				keys.put((String) entry.get("name"), names);
			}
		}
		return keys;
	}

	static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return (Map<String, Object>) new Yaml().load(reader);
		}
	}

}
