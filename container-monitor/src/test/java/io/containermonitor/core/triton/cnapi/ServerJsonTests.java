package io.containermonitor.core.triton.cnapi;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerJsonTests {

	private Server read(String json) {
		return ServerJson.read(JsonMapper.shared().readTree(json), 9163);
	}

	@Test
	void adminAddressComesFromTheAdminNic() {
		Server server = read("""
				{"uuid":"44454c4c-5000-104d-8037-b7c04f5a5131","hostname":"cn1","status":"running","headnode":true,
				 "sysinfo":{"Network Interfaces":{"ixgbe0":{"ip4addr":"10.1.1.5","NIC Names":["external"]},
				                                  "igb0":{"ip4addr":"10.0.0.5","NIC Names":["admin"]}}},"unknown":1}""");
		assertThat(server.adminIp()).isEqualTo("10.0.0.5");
		assertThat(server.agentPort()).isEqualTo(9163);
		assertThat(server.status()).isEqualTo(ServerStatus.RUNNING);
		assertThat(server.headnode()).isTrue();
	}

	@Test
	void cnAgentIpWinsAndAnAdminVnicIsFound() {
		assertThat(read("""
				{"uuid":"44454c4c-5000-104d-8037-b7c04f5a5131","sysinfo":{"CN Agent IP":"192.0.2.9",
				 "Network Interfaces":{"igb0":{"ip4addr":"10.0.0.5","NIC Names":["admin"]}}}}""").adminIp())
			.isEqualTo("192.0.2.9");
		assertThat(read("""
				{"uuid":"44454c4c-5000-104d-8037-b7c04f5a5131","sysinfo":{
				 "Virtual Network Interfaces":{"vnic0":{"ip4addr":"10.0.0.7","NIC Names":["admin"]}}}}""").adminIp())
			.isEqualTo("10.0.0.7");
	}

	@Test
	void aRegisteredAgentPortIsKeptThroughWriteAndRead() {
		Server server = new Server(java.util.UUID.fromString("44454c4c-5000-104d-8037-b7c04f5a5131"), "node1",
				"127.0.0.1", 9164, ServerStatus.RUNNING, false);
		assertThat(ServerJson.read(ServerJson.write(server), 9163)).isEqualTo(server);
		assertThat(read("""
				{"uuid":"44454c4c-5000-104d-8037-b7c04f5a5131","sysinfo":{"CMON Agent Port":"not a port"}}""").agentPort())
			.isEqualTo(9163);
	}

	@Test
	void aServerWithoutUuidIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> read("{\"hostname\":\"x\"}"))
			.withMessageContaining("server uuid");
	}

}
