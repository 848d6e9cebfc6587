package io.containermonitor.agent.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;

class ContainerInventoryTests {

	@Test
	void findsRuntimeAndConfiguredContainersInTheFixtureTree() {
		Path root = FIXTURES.resolve("cgroup/v2");
		AgentProperties properties = TestProperties
			.bind(Map.of("cmon.agent.cgroup-root", root.toString(), "cmon.agent.discovery.roots", "/machines",
					"cmon.agent.discovery.docker-root", FIXTURES.resolve("docker").toString()));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(root), properties);
		inventory.refresh();
		assertThat(inventory.all()).extracting(Container::alias)
			.containsExactlyInAnyOrder("3f4c1b2a9d8e", "web1", "stopped1", "broken");
		Container docker = inventory.find(UUID.fromString("3f4c1b2a-9d8e-4f60-a1b2-c3d4e5f60718")).orElseThrow();
		assertThat(docker.runtime()).isEqualTo("docker");
		assertThat(docker.running()).isTrue();
		Container stopped = inventory.all().stream().filter(c -> c.alias().equals("stopped1")).findFirst().orElseThrow();
		assertThat(stopped.running()).isFalse();
		assertThat(inventory.isRunning(stopped)).isFalse();
		Vm vm = docker.toVm(UUID.fromString("11111111-2222-4333-8444-555555555555"));
		assertThat(vm.state()).isEqualTo(VmState.RUNNING);
		assertThat(vm.brand()).isEqualTo("linux");
	}

	@Test
	void newAndGoneContainersAreNoticedAndListenersHearOfIt(@TempDir Path root) throws Exception {
		Files.writeString(root.resolve("cgroup.controllers"), "cpu memory");
		Files.createDirectories(root.resolve("pool"));
		AgentProperties properties = TestProperties
			.bind(Map.of("cmon.agent.cgroup-root", root.toString(), "cmon.agent.discovery.roots", "/pool"));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(root), properties);
		List<Collection<Container>> heard = new ArrayList<>();
		inventory.addListener(heard::add);
		assertThat(inventory.refresh()).isFalse();
		Path c1 = Files.createDirectories(root.resolve("pool/c1"));
		Files.writeString(c1.resolve("cgroup.procs"), "1\n");
		assertThat(inventory.refresh()).isTrue();
		assertThat(inventory.all()).extracting(Container::alias).containsExactly("c1");
		assertThat(inventory.refresh()).isFalse();
		Files.writeString(c1.resolve("cgroup.procs"), "");
		assertThat(inventory.refresh()).isTrue();
		assertThat(inventory.all()).singleElement().extracting(Container::running).isEqualTo(false);
		Files.delete(c1.resolve("cgroup.procs"));
		Files.delete(c1);
		assertThat(inventory.refresh()).isTrue();
		assertThat(inventory.all()).isEmpty();
		assertThat(heard).hasSize(3);
	}

}
