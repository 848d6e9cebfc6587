package io.containermonitor.agent.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DockerMetadataTests {

	private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

	/** A cgroup v2 tree under {@code tmp/cg} with one running Docker container (systemd driver). */
	private static Path dockerContainerCgroup(Path tmp) throws java.io.IOException {
		Path cgroups = Files.createDirectories(tmp.resolve("cg"));
		Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu");
		Path dir = Files.createDirectories(cgroups.resolve("system.slice/docker-" + ID + ".scope"));
		Files.writeString(dir.resolve("cgroup.procs"), "1\n");
		return cgroups;
	}

	@Test
	void nameAndLabelsFromDockersStateFile() {
		DockerMetadata.Metadata m = DockerMetadata.parse(
				"{\"ID\":\"" + ID + "\",\"Name\":\"/web\",\"Config\":{\"Labels\":{\"triton.cmon.owner\":\"x\",\"tier\":\"front\"}}}");
		assertThat(m.name()).isEqualTo("web");
		assertThat(m.labels()).containsEntry("tier", "front").containsEntry("triton.cmon.owner", "x");
	}

	@Test
	void scannerUsesDockerLabelsForOwnerAndUuid(@TempDir Path tmp) throws Exception {
		Path cgroups = dockerContainerCgroup(tmp);
		Path state = Files.createDirectories(tmp.resolve("docker/containers/" + ID));
		UUID owner = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");
		UUID vm = UUID.fromString("2b8e4c1a-0d3f-4e5a-9b6c-7d8e9f0a1b2c");
		Files.writeString(state.resolve("config.v2.json"), "{\"Name\":\"/web\",\"Config\":{\"Labels\":{"
				+ "\"triton.cmon.owner\":\"" + owner + "\",\"triton.cmon.uuid\":\"" + vm + "\"}}}");
		AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", cgroups.toString(),
				"cmon.agent.discovery.docker-root", tmp.resolve("docker").toString()));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(cgroups), properties);
		inventory.refresh();
		Container c = inventory.find(vm).orElseThrow();
		assertThat(c.alias()).isEqualTo("web");
		assertThat(c.ownerUuid()).isEqualTo(owner);
		assertThat(c.runtimeId()).isEqualTo(ID);
	}


	@Test
	void aContainerWhoseOwnerLabelCannotBeReadIsNotServedUntilItCan(@TempDir Path tmp) throws Exception {
		Path cgroups = dockerContainerCgroup(tmp);
		Path state = Files.createDirectories(tmp.resolve("docker/containers/" + ID));
		UUID owner = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");
		AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", cgroups.toString(),
				"cmon.agent.discovery.docker-root", tmp.resolve("docker").toString(), "cmon.agent.owner.default-owner",
				"11111111-2222-3333-4444-555555555555"));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(cgroups), properties);
		// no state file, then a truncated one: the owner is unknown, so the container is not served at all
		inventory.refresh();
		assertThat(inventory.all()).isEmpty();
		Files.writeString(state.resolve("config.v2.json"), "{\"Name\":\"/web\",\"Config\":{\"Lab");
		inventory.refresh();
		assertThat(inventory.all()).isEmpty();
		assertThat(inventory.unreadableReads()).isEqualTo(2);
		Files.writeString(state.resolve("config.v2.json"),
				"{\"Name\":\"/web\",\"Config\":{\"Labels\":{\"triton.cmon.owner\":\"" + owner + "\"}}}");
		inventory.refresh();
		assertThat(inventory.all()).singleElement().satisfies(c -> assertThat(c.ownerUuid()).isEqualTo(owner));
	}

}
