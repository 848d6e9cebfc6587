package io.containermonitor.agent;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameBasedUuidTests {

	@Test
	void matchesRfcVersion5ForTheDnsNamespace() {
		// RFC 9562 appendix A.4: uuid5(NameSpace_DNS, "www.example.com")
		UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
		assertThat(NameBasedUuid.of(dns, "www.example.com"))
			.isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
	}

	@Test
	void sameNameGivesSameUuidAndVersion5() {
		UUID a = NameBasedUuid.of("cgroup:/machines/web1");
		assertThat(NameBasedUuid.of("cgroup:/machines/web1")).isEqualTo(a);
		assertThat(NameBasedUuid.of("cgroup:/machines/web2")).isNotEqualTo(a);
		assertThat(a.version()).isEqualTo(5);
		assertThat(a.variant()).isEqualTo(2);
	}

	@Test
	void serverUuidIsDerivedFromTheMachineId(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws Exception {
		java.nio.file.Path id = dir.resolve("machine-id");
		java.nio.file.Files.writeString(id, "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
		AgentProperties properties = TestProperties.bindExactly(java.util.Map.of("cmon.agent.machine-id-file", id.toString()));
		NodeIdentity node = NodeIdentity.from(properties);
		assertThat(node.serverUuid()).isEqualTo(NameBasedUuid.of("machine-id:3d1219c7c4c5404aaa1f6d2a48adfda4"));
		assertThat(NodeIdentity.from(properties)).isEqualTo(node);
	}

}
