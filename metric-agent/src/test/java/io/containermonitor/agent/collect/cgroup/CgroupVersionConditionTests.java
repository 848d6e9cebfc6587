package io.containermonitor.agent.collect.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;

import io.containermonitor.agent.AgentProperties.CgroupVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.ReadingsAssert.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;

class CgroupVersionConditionTests {

	@Test
	void autoPicksV2ForAUnifiedRootAndV1Otherwise(@TempDir Path empty) {
		assertThat(CgroupVersionCondition.detect("auto", FIXTURES.resolve("cgroup/v2").toString()))
			.isEqualTo(CgroupVersion.V2);
		assertThat(CgroupVersionCondition.detect("auto", FIXTURES.resolve("cgroup/v1/separate").toString()))
			.isEqualTo(CgroupVersion.V1);
		assertThat(CgroupVersionCondition.detect("auto", empty.toString())).isEqualTo(CgroupVersion.V1);
	}

	@Test
	void aConfiguredVersionWins() {
		assertThat(CgroupVersionCondition.detect("v1", FIXTURES.resolve("cgroup/v2").toString()))
			.isEqualTo(CgroupVersion.V1);
		assertThat(CgroupVersionCondition.detect("V2", "/nonexistent")).isEqualTo(CgroupVersion.V2);
	}

	@Test
	void thisMachinesHybridLayoutIsReadAsV1WithItsUnifiedTreeAsV2() {
		Path root = Path.of("/sys/fs/cgroup");
		if (Files.exists(root.resolve("cpuacct")) && Files.exists(root.resolve("unified/cgroup.controllers"))) {
			assertThat(CgroupVersionCondition.detect("auto", root.toString())).isEqualTo(CgroupVersion.V1);
			assertThat(CgroupVersionCondition.detect("auto", root.resolve("unified").toString()))
				.isEqualTo(CgroupVersion.V2);
		}
	}

}
