package io.containermonitor.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No cluster runs here, so k8s/ gets what this machine allows: {@code kubectl kustomize}'s output
 * validated against the Kubernetes API's schemas (k8s/validate, kubernetes-models from npm, which
 * .ci/run installs), and the agent DaemonSet held to the compose file's agent, whose host mounts
 * and security context ComposeEndToEndTests runs for real.
 */
class KubernetesManifestsTests {

	private final Path project = Path.of("..").toAbsolutePath().normalize();

	@Test
	void theLocalOverlayIsValidAgainstTheKubernetesApiSchemas() throws Exception {
		String manifests = kustomize();
		Result valid = validate(manifests);
		assertThat(valid.exit()).as(valid.output()).isZero();
		assertThat(valid.output().lines().filter(line -> line.startsWith("valid ")).count())
			.as("objects validated: %s", valid.output())
			.isEqualTo(countDocuments(manifests));
		assertThat(valid.output()).contains("valid DaemonSet/metric-agent (apps/v1)")
			.contains("valid PodDisruptionBudget/metric-proxy (policy/v1)");
	}

	@Test
	void theValidatorRejectsAWrongTypeAndAKindWithoutSchemaSoTheCheckAboveCanFail() throws Exception {
		String manifests = kustomize();
		Result wrongType = validate(manifests.replaceFirst("containerPort: 9163", "containerPort: \"9163\""));
		assertThat(wrongType.exit()).isNotZero();
		assertThat(wrongType.output()).contains("containerPort must be integer");
		Result unknownKind = validate(manifests.replaceFirst("kind: DaemonSet", "kind: DaemonSett"));
		assertThat(unknownKind.exit()).isNotZero();
		assertThat(unknownKind.output()).contains("invalid DaemonSett/metric-agent");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theAgentDaemonSetHasTheComposeAgentsHostMountsAndSecurityContext() throws IOException {
		Map<String, Object> compose = load(project.resolve("docker-compose.yml"));
		Map<String, Object> agent = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("metric-agent");
		Map<String, Object> daemonSet = load(project.resolve("k8s/base/metric-agent.yaml"));
		Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) daemonSet.get("spec"))
			.get("template")).get("spec");
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		Map<String, Object> security = (Map<String, Object>) container.get("securityContext");
		Map<String, Object> capabilities = (Map<String, Object>) security.get("capabilities");

		assertThat(agent.get("pid")).isEqualTo("host");
		assertThat(pod.get("hostPID")).isEqualTo(true);
		assertThat(Set.copyOf((List<String>) capabilities.get("add"))).isEqualTo(Set.copyOf((List<String>) agent.get("cap_add")));
		assertThat(Set.copyOf((List<String>) capabilities.get("drop"))).isEqualTo(Set.copyOf((List<String>) agent.get("cap_drop")))
			.containsExactly("ALL");
		assertThat(security.get("readOnlyRootFilesystem")).isEqualTo(agent.get("read_only")).isEqualTo(true);
		assertThat(security.get("allowPrivilegeEscalation")).isEqualTo(false);
		assertThat((List<String>) agent.get("security_opt")).contains("no-new-privileges:true");
		assertThat(security.get("runAsUser") + ":" + security.get("runAsGroup")).isEqualTo(agent.get("user"));

		// Host paths: in compose "host:container:ro"; in the DaemonSet a hostPath volume and its mount.
		Set<String> composeMounts = new HashSet<>();
		for (String volume : (List<String>) agent.get("volumes")) {
			composeMounts.add(volume);
		}
		Map<String, String> hostPaths = new HashMap<>();
		for (Map<String, Object> volume : (List<Map<String, Object>>) pod.get("volumes")) {
			Map<String, Object> hostPath = (Map<String, Object>) volume.get("hostPath");
			if (hostPath != null) {
				hostPaths.put((String) volume.get("name"), (String) hostPath.get("path"));
			}
		}
		Set<String> kubernetesMounts = new HashSet<>();
		for (Map<String, Object> mount : (List<Map<String, Object>>) container.get("volumeMounts")) {
			String host = hostPaths.get((String) mount.get("name"));
			if (host != null) {
				kubernetesMounts.add(host + ":" + mount.get("mountPath") + (Boolean.TRUE.equals(mount.get("readOnly")) ? ":ro" : ""));
			}
		}
		assertThat(kubernetesMounts).isEqualTo(composeMounts).contains("/sys/fs/cgroup:/sys/fs/cgroup:ro");
		assertThat(composeMounts).allMatch(mount -> mount.endsWith(":ro"), "read-only");
	}

	private static int countDocuments(String manifests) {
		int count = 0;
		for (Object doc : new Yaml().loadAll(manifests)) {
			if (doc != null) {
				count++;
			}
		}
		return count;
	}

	private String kustomize() throws Exception {
		Result build = run(null, "kubectl", "kustomize", project.resolve("k8s/overlays/local").toString());
		assertThat(build.exit()).as("kubectl kustomize (kubectl 1.21 or newer; .ci/run installs 1.32): %s", build.output())
			.isZero();
		return build.output();
	}

	private Result validate(String manifests) throws Exception {
		assertThat(project.resolve("k8s/validate/node_modules/kubernetes-models"))
			.as("the validator's packages: npm ci --prefix k8s/validate (.ci/run does)")
			.exists();
		return run(manifests, "node", project.resolve("k8s/validate/validate.mjs").toString());
	}

	private Result run(String input, String... command) throws Exception {
		Process process;
		try {
			process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new AssertionError(command[0] + " is needed (.ci/run installs kubectl and node)", ex);
		}
		if (input != null) {
			process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
		}
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		return new Result(process.exitValue(), output);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return (Map<String, Object>) new Yaml().load(reader);
		}
	}

	private record Result(int exit, String output) {
	}

}
