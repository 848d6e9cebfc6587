package io.containermonitor.agent.container;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeCgroupNamesTests {

	private static final String ID = "3f4c1b2a9d8e4f60a1b2c3d4e5f60718aabbccddeeff00112233445566778899";

	private final RuntimeCgroupNames names = new RuntimeCgroupNames(List.of("/machines"));

	@Test
	void dockerWithSystemdAndCgroupfsDrivers() {
		assertThat(names.recognise("/system.slice/docker-" + ID + ".scope"))
			.contains(new CgroupMatch("docker", ID, null));
		assertThat(names.recognise("/docker/" + ID)).contains(new CgroupMatch("docker", ID, null));
	}

	@Test
	void containerdKubernetesPodsAndPodman() {
		assertThat(names.recognise("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-"
				+ ID + ".scope"))
			.contains(new CgroupMatch("containerd", ID, null));
		assertThat(names.recognise("/kubepods/besteffort/pod1234/" + ID)).contains(new CgroupMatch("containerd", ID, null));
		assertThat(names.recognise("/machine.slice/libpod-" + ID + ".scope")).contains(new CgroupMatch("podman", ID, null));
		assertThat(names.recognise("/system.slice/crio-" + ID + ".scope")).contains(new CgroupMatch("cri-o", ID, null));
	}

	/** Every layout the runtimes make, with the systemd and the cgroupfs cgroup managers, v1 and v2 alike. */
	@Test
	void everyRuntimeLayoutWithBothCgroupManagers() {
		// Podman: rootful systemd, rootless systemd (under the user's slice), cgroupfs
		assertThat(names.recognise("/machine.slice/libpod-" + ID + ".scope")).contains(new CgroupMatch("podman", ID, null));
		assertThat(names.recognise("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope"))
			.contains(new CgroupMatch("podman", ID, null));
		assertThat(names.recognise("/libpod_parent/libpod-" + ID)).contains(new CgroupMatch("podman", ID, null));
		assertThat(names.recognise("/machine.slice/libpod-conmon-" + ID + ".scope")).isEmpty();
		assertThat(names.recognise("/libpod_parent/conmon")).isEmpty();
		// CRI-O: systemd and cgroupfs, every QoS class
		assertThat(names.recognise("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podab12.slice/crio-" + ID
				+ ".scope"))
			.contains(new CgroupMatch("cri-o", ID, null));
		assertThat(names.recognise("/kubepods/burstable/podab12/crio-" + ID)).contains(new CgroupMatch("cri-o", ID, null));
		assertThat(names.recognise("/kubepods/burstable/podab12/crio-conmon-" + ID)).isEmpty();
		// containerd (Kubernetes CRI): Guaranteed pods sit directly under kubepods
		assertThat(names.recognise("/kubepods.slice/kubepods-podab12.slice/cri-containerd-" + ID + ".scope"))
			.contains(new CgroupMatch("containerd", ID, null));
		assertThat(names.recognise("/kubepods/podab12/" + ID)).contains(new CgroupMatch("containerd", ID, null));
		assertThat(names.recognise("/kubepods/burstable/podab12")).isEmpty();
		// Docker: systemd and cgroupfs
		assertThat(names.recognise("/system.slice/docker-" + ID + ".scope")).contains(new CgroupMatch("docker", ID, null));
		assertThat(names.recognise("/docker/" + ID)).contains(new CgroupMatch("docker", ID, null));
	}

	@Test
	void nspawnMachinesByScopeAndService() {
		assertThat(names.recognise("/machine.slice/machine-web\\x2d1.scope"))
			.contains(new CgroupMatch("nspawn", null, "web-1"));
		assertThat(names.recognise("/machine.slice/systemd-nspawn@db.service"))
			.contains(new CgroupMatch("nspawn", null, "db"));
	}

	@Test
	void childrenOfConfiguredRootsAreContainers() {
		assertThat(names.recognise("/machines/web1")).contains(new CgroupMatch("cgroup", null, "web1"));
		assertThat(names.recognise("/machines/web1/sub")).isEmpty();
		assertThat(names.recognise("/machines")).isEmpty();
	}

	@Test
	void otherCgroupsAreNotContainers() {
		assertThat(names.recognise("/system.slice/sshd.service")).isEmpty();
		assertThat(names.recognise("/user.slice/user-0.slice")).isEmpty();
		assertThat(names.recognise("/system.slice/docker-abc.scope")).isEmpty();
	}

}
