package io.containermonitor.agent.collect.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupProcsTests {

	private final CgroupFiles files = new CgroupFiles(16);

	@Test
	void readsPidsOfTheCgroupAndItsChildren(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("cgroup.procs"), "10\n11\n");
		Files.createDirectories(dir.resolve("child/grandchild"));
		Files.writeString(dir.resolve("child/cgroup.procs"), "12\n");
		Files.writeString(dir.resolve("child/grandchild/cgroup.procs"), "13\n");
		assertThat(CgroupProcs.read(files, dir)).containsExactlyInAnyOrder(10, 11, 12, 13);
		assertThat(CgroupProcs.hasProcesses(files, dir)).isTrue();
	}

	@Test
	void emptyOrGoneCgroupHasNoProcesses(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("cgroup.procs"), "");
		assertThat(CgroupProcs.hasProcesses(files, dir)).isFalse();
		assertThat(CgroupProcs.hasProcesses(files, dir.resolve("gone"))).isFalse();
	}

	@Test
	void anUnreadableProcessListIsAnErrorNotAnEmptyCgroup(@TempDir Path dir) throws Exception {
		// a directory where the file should be: reading fails with an IOException that is not "gone"
		Files.createDirectories(dir.resolve("cgroup.procs"));
		assertThatThrownBy(() -> CgroupProcs.hasProcesses(files, dir)).isInstanceOf(java.io.IOException.class)
			.isNotInstanceOf(java.nio.file.NoSuchFileException.class);
	}

	@Test
	void garbageIsAnError() {
		assertThatThrownBy(() -> CgroupProcs.parse("12\nabc\n")).isInstanceOf(CgroupFormatException.class);
	}

}
