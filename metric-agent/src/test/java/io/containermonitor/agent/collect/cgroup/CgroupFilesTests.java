package io.containermonitor.agent.collect.cgroup;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kept-open files, by directory and name (the real kernel files are read in the agent's real-cgroup tests). */
class CgroupFilesTests {

	@TempDir
	Path dir;

	@Test
	void aFileReadAgainIsKeptOpenAndSeesWhatTheFileSaysNow() throws Exception {
		Files.writeString(dir.resolve("memory.stat"), "cache 1\n");
		try (CgroupFiles files = new CgroupFiles(8)) {
			assertThat(files.read(dir, "memory.stat")).isEqualTo("cache 1\n");
			Files.writeString(dir.resolve("memory.stat"), "cache 22\n"); // same inode, rewritten
			assertThat(files.read(dir, "memory.stat")).isEqualTo("cache 22\n");
			assertThat(files.read(dir.resolve("memory.stat"))).isEqualTo("cache 22\n");
			assertThat(files.openFiles()).isEqualTo(1);
		}
	}

	@Test
	void forgettingADirectoryClosesItsFilesAndThoseBelowIt() throws Exception {
		Path child = Files.createDirectories(dir.resolve("child"));
		Files.writeString(dir.resolve("cpu.stat"), "a 1\n");
		Files.writeString(child.resolve("cpu.stat"), "a 2\n");
		Path other = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-other"));
		Files.writeString(other.resolve("cpu.stat"), "a 3\n");
		try (CgroupFiles files = new CgroupFiles(8)) {
			files.read(dir, "cpu.stat");
			files.read(child, "cpu.stat");
			files.read(other, "cpu.stat");
			files.forget(dir);
			assertThat(files.openFiles()).isEqualTo(1);
			assertThat(files.read(child, "cpu.stat")).isEqualTo("a 2\n");
			assertThat(files.openFiles()).isEqualTo(2);
		}
		finally {
			Files.delete(other.resolve("cpu.stat"));
			Files.delete(other);
		}
	}

	@Test
	void atMostMaxOpenStayOpenAndProcessListsNever() throws Exception {
		for (String name : new String[] { "a", "b", "c", CgroupProcs.FILE, "tasks" }) {
			Files.writeString(dir.resolve(name), "1\n");
		}
		try (CgroupFiles files = new CgroupFiles(2)) {
			for (String name : new String[] { CgroupProcs.FILE, "tasks", "a", "b", "c" }) {
				assertThat(files.read(dir, name)).isEqualTo("1\n");
			}
			assertThat(files.openFiles()).isEqualTo(2);
			assertThat(files.read(dir, "c")).isEqualTo("1\n");
		}
	}

	@Test
	void aMissingFileIsNoSuchFileAndAnOptionalOneIsEmpty() throws Exception {
		try (CgroupFiles files = new CgroupFiles(8)) {
			assertThatThrownBy(() -> files.read(dir, "memory.failcnt")).isInstanceOf(NoSuchFileException.class);
			assertThat(files.readOptional(dir, "memory.failcnt")).isEmpty();
			assertThatThrownBy(() -> files.readOptional(dir.resolve("gone"), "memory.failcnt"))
				.isInstanceOf(NoSuchFileException.class);
		}
	}

}
