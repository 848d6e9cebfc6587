package io.containermonitor.cns.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class TransferAclTests {

	private final TransferAcl acl = new TransferAcl(List.of("127.0.0.1", "192.0.2.0/25", "2001:db8::/32", "::1"));

	@Test
	void addressesAndBlocksOfBothFamiliesMatch() throws Exception {
		assertThat(acl.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(acl.allows(InetAddress.getByName("192.0.2.127"))).isTrue();
		assertThat(acl.allows(InetAddress.getByName("2001:db8:1::53"))).isTrue();
		assertThat(acl.allows(InetAddress.getByName("::1"))).isTrue();
	}

	@Test
	void othersDoNot() throws Exception {
		assertThat(acl.allows(InetAddress.getByName("127.0.0.2"))).isFalse();
		assertThat(acl.allows(InetAddress.getByName("192.0.2.128"))).isFalse();
		assertThat(acl.allows(InetAddress.getByName("2001:db9::1"))).isFalse();
	}

	@Test
	void badPrefixIsRejectedAtStartUp() {
		assertThatThrownBy(() -> new TransferAcl(List.of("192.0.2.0/33"))).hasMessageContaining("192.0.2.0/33");
	}

}
