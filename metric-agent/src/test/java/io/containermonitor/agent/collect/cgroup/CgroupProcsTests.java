package io.containermonitor.agent.collect.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupProcsTests {

	@Test
	void readsPidsOfTheCgroupAndItsChildren(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("cgroup.procs"), "10\n11\n");
		Files.createDirectories(dir.resolve("child"));
		Files.writeString(dir.resolve("child/cgroup.procs"), "12\n");
		assertThat(CgroupProcs.read(dir)).containsExactlyInAnyOrder(10, 11, 12);
		assertThat(CgroupProcs.hasProcesses(dir)).isTrue();
	}

	@Test
	void emptyOrGoneCgroupHasNoProcesses(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("cgroup.procs"), "");
		assertThat(CgroupProcs.hasProcesses(dir)).isFalse();
		assertThat(CgroupProcs.hasProcesses(dir.resolve("gone"))).isFalse();
	}

	@Test
	void garbageIsAnError() {
		assertThatThrownBy(() -> CgroupProcs.parse("12\nabc\n")).isInstanceOf(CgroupFormatException.class);
	}

}
