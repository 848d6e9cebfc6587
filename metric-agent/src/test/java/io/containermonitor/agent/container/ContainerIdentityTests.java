package io.containermonitor.agent.container;

import java.util.Map;
import java.util.UUID;

import io.containermonitor.agent.NameBasedUuid;
import io.containermonitor.agent.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerIdentityTests {

	private static final String TRITON_DOCKER_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

	private static final UUID OWNER = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");

	private final ContainerIdentity identity = new ContainerIdentity(TestProperties.bind(Map.of(
			"cmon.agent.owner.mapping[web-*]", OWNER.toString(),
			"cmon.agent.owner.default-owner", "00000000-0000-0000-0000-000000000001")).owner());

	@Test
	void runtimeIdMapsToTheUuidOfItsFirst32HexDigits() {
		// The inverse of Triton's rule: a Triton docker id is the VM uuid twice without dashes.
		UUID uuid = identity.vmUuid(new CgroupMatch("docker", TRITON_DOCKER_ID, null), "/docker/x", Map.of());
		assertThat(uuid).isEqualTo(UUID.fromString("a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90"));
		assertThat((uuid.toString() + uuid.toString()).replace("-", "")).isEqualTo(TRITON_DOCKER_ID);
	}

	@Test
	void configuredLabelWins() {
		UUID labelled = UUID.fromString("5d2e0a34-1f3b-4c2d-9e8f-7a6b5c4d3e2f");
		assertThat(identity.vmUuid(new CgroupMatch("docker", TRITON_DOCKER_ID, null), "/docker/x",
				Map.of("triton.cmon.uuid", labelled.toString())))
			.isEqualTo(labelled);
	}

	@Test
	void anythingElseGetsAStableNameBasedUuid() {
		UUID uuid = identity.vmUuid(new CgroupMatch("nspawn", null, "db"), "/machine.slice/machine-db.scope", Map.of());
		assertThat(uuid).isEqualTo(NameBasedUuid.of("nspawn:/machine.slice/machine-db.scope"));
		assertThat(uuid.version()).isEqualTo(5);
	}

	@Test
	void ownerFromLabelThenMappingThenDefault() {
		UUID labelled = UUID.fromString("0b9f6d4e-3a2c-4d1e-8f7a-6b5c4d3e2f1a");
		assertThat(identity.ownerUuid("web-1", Map.of("triton.cmon.owner", labelled.toString()))).isEqualTo(labelled);
		assertThat(identity.ownerUuid("web-1", Map.of())).isEqualTo(OWNER);
		assertThat(identity.ownerUuid("db", Map.of())).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000001"));
	}

}
