package io.containermonitor.proxy.route;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CMON's Host rule (spec §2.2): first label {@code cmon} or a lower-case UUID, else nothing. */
class HostTargetTests {

	private static final String VM = "4f2b8a0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";

	@Test
	void serviceHostWithAndWithoutPort() {
		assertThat(HostTarget.parse("cmon.coal.cns.example.com")).contains(HostTarget.SERVICE);
		assertThat(HostTarget.parse("cmon.coal.cns.example.com:9163")).contains(HostTarget.SERVICE);
		assertThat(HostTarget.parse("CMON.coal.cns.example.com")).contains(HostTarget.SERVICE);
	}

	@Test
	void uuidHostIsATarget() {
		assertThat(HostTarget.parse(VM + ".cmon.coal.cns.example.com:9163"))
			.contains(new HostTarget.Target(UUID.fromString(VM)));
		assertThat(HostTarget.parse(VM.toUpperCase() + ".cmon.coal.cns.example.com"))
			.contains(new HostTarget.Target(UUID.fromString(VM)));
	}

	@Test
	void anythingElseIsNothing() {
		assertThat(HostTarget.parse(null)).isEmpty();
		assertThat(HostTarget.parse("cmon:9163")).isEmpty();
		assertThat(HostTarget.parse(VM + ":9163")).isEmpty();
		assertThat(HostTarget.parse("10.0.0.5:9163")).isEmpty();
		assertThat(HostTarget.parse("www.example.com")).isEmpty();
		assertThat(HostTarget.parse("1-2-3-4-5.cmon.coal.example.com")).isEmpty();
		assertThat(HostTarget.parse("cmonx.coal.example.com")).isEmpty();
	}

}
