package io.containermonitor.agent.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import io.containermonitor.core.vm.AppEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** An endpoint declared in the configuration becomes the container's labels, and so its registered tags. */
class ConfiguredAppEndpointsTests {

	private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

	@Test
	void aConfiguredContainerDeclaresItsEndpointAndRegistersItAsTags(@TempDir Path tmp) throws Exception {
		Path cgroups = Files.createDirectories(tmp.resolve("cg"));
		Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu");
		for (String name : new String[] { "web-1", "db" }) {
			Path dir = Files.createDirectories(cgroups.resolve("machines").resolve(name));
			Files.writeString(dir.resolve("cgroup.procs"), "1\n");
		}
		AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", cgroups.toString(),
				"cmon.agent.discovery.roots", "/machines", "cmon.agent.app.endpoints[web-*].port", "9090",
				"cmon.agent.app.endpoints[web-*].path", "/prom"));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(cgroups), properties);
		inventory.refresh();
		Container web = inventory.all().stream().filter(c -> c.alias().equals("web-1")).findFirst().orElseThrow();
		Container db = inventory.all().stream().filter(c -> c.alias().equals("db")).findFirst().orElseThrow();
		assertThat(AppEndpoint.fromTags(web.labels())).contains(new AppEndpoint(9090, "/prom"));
		assertThat(AppEndpoint.fromTags(web.toVm(UUID.randomUUID()).tags())).contains(new AppEndpoint(9090, "/prom"));
		assertThat(AppEndpoint.fromTags(db.labels())).isEmpty();
	}

	@Test
	void aContainersOwnLabelWinsOverTheConfiguration(@TempDir Path tmp) throws Exception {
		Path cgroups = Files.createDirectories(tmp.resolve("cg"));
		Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu");
		Path dir = Files.createDirectories(cgroups.resolve("system.slice/docker-" + ID + ".scope"));
		Files.writeString(dir.resolve("cgroup.procs"), "1\n");
		Path state = Files.createDirectories(tmp.resolve("docker/containers/" + ID));
		Files.writeString(state.resolve("config.v2.json"),
				"{\"Name\":\"/web-2\",\"Config\":{\"Labels\":{\"triton.cmon.app-port\":\"8080\"}}}");
		AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", cgroups.toString(),
				"cmon.agent.discovery.docker-root", tmp.resolve("docker").toString(),
				"cmon.agent.app.endpoints[web-*].port", "9090"));
		ContainerInventory inventory = new ContainerInventory(new CgroupV2Layout(cgroups), properties);
		inventory.refresh();
		assertThat(AppEndpoint.fromTags(inventory.all().iterator().next().labels()))
			.contains(new AppEndpoint(8080, "/metrics"));
	}

}
