package io.containermonitor.cns.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class CmonZoneTests {

	private static final UUID VM = UUID.fromString("6f1f7d5e-0000-4000-8000-000000000001");

	private final CmonZone zone = CmonZone.of("US-West-1.CNS.Example.com");

	@Test
	void namesFollowCns() throws Exception {
		assertThat(zone.nameOf(VM)).hasToString("6f1f7d5e-0000-4000-8000-000000000001.cmon.us-west-1.cns.example.com.");
		assertThat(zone.target()).hasToString("cmon.us-west-1.cns.example.com.");
	}

	@Test
	void uuidIsReadBackInAnyCaseButOnlyFromExactCmonNames() throws Exception {
		assertThat(zone.uuidOf(Name.fromString("6F1F7D5E-0000-4000-8000-000000000001.cmon.us-west-1.cns.example.com.")))
			.contains(VM);
		assertThat(zone.uuidOf(Name.fromString("x.6f1f7d5e-0000-4000-8000-000000000001.cmon.us-west-1.cns.example.com.")))
			.isEmpty();
		assertThat(zone.uuidOf(Name.fromString("6f1f7d5e-0000-4000-8000-000000000001.inst.us-west-1.cns.example.com.")))
			.isEmpty();
		assertThat(zone.uuidOf(Name.fromString("not-a-uuid.cmon.us-west-1.cns.example.com."))).isEmpty();
	}

}
