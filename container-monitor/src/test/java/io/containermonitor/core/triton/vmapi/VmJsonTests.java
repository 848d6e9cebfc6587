package io.containermonitor.core.triton.vmapi;

import java.util.UUID;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmJsonTests {

	private final JsonMapper json = JsonMapper.shared();

	private Vm read(String text) {
		return VmJson.read(json.readTree(text));
	}

	@Test
	void readsVmapiObjectIgnoringUnknownFields() {
		Vm vm = read("""
				{"uuid":"6F1F7D5E-0000-4000-8000-000000000001","alias":"web01",
				 "owner_uuid":"930896af-bf8c-48d4-885c-6573a94b1853","server_uuid":"44454c4c-5000-104d-8037-b7c04f5a5131",
				 "state":"running","zone_state":"running","brand":"lx","image_uuid":"",
				 "tags":{"triton.cmon.groups":"web,db","n":3,"flag":true},"customer_metadata":{},
				 "create_timestamp":"2024-03-27T12:00:00.000Z","destroyed":null,"something_new":[1,2]}""");
		assertThat(vm.uuid()).isEqualTo(UUID.fromString("6f1f7d5e-0000-4000-8000-000000000001"));
		assertThat(vm.alias()).isEqualTo("web01");
		assertThat(vm.state()).isEqualTo(VmState.RUNNING);
		assertThat(vm.imageUuid()).as("empty string means unset").isNull();
		assertThat(vm.groups()).containsExactly("web", "db");
		assertThat(vm.tags()).containsEntry("n", 3L).containsEntry("flag", true);
		assertThat(vm.createTimestamp()).hasToString("2024-03-27T12:00:00Z");
		assertThat(vm.isGone()).isFalse();
	}

	@Test
	void destroyedVmIsGone() {
		Vm vm = read("""
				{"uuid":"6f1f7d5e-0000-4000-8000-000000000001","owner_uuid":"930896af-bf8c-48d4-885c-6573a94b1853",
				 "state":"destroyed","destroyed":"2024-03-27T12:00:00.000Z"}""");
		assertThat(vm.isGone()).isTrue();
		assertThat(vm.serverUuid()).isNull();
	}

	@Test
	void malformedUuidsAreRefusedWithTheField() {
		assertThatThrownBy(() -> read("{\"uuid\":\"nope\",\"owner_uuid\":\"930896af-bf8c-48d4-885c-6573a94b1853\",\"state\":\"running\"}"))
			.isInstanceOf(InvalidVmException.class)
			.hasMessageContaining("uuid is not a UUID: 'nope'");
		assertThatThrownBy(() -> read("{\"uuid\":\"6f1f7d5e-0000-4000-8000-000000000001\",\"state\":\"running\"}"))
			.isInstanceOf(InvalidVmException.class)
			.hasMessageContaining("has no owner_uuid");
		assertThatThrownBy(() -> read("{\"uuid\":\"6f1f7d5e-0000-4000-8000-000000000001\","
				+ "\"owner_uuid\":\"930896af-bf8c-48d4-885c-6573a94b1853\",\"server_uuid\":\"x\",\"state\":\"running\"}"))
			.hasMessageContaining("server_uuid is not a UUID");
		assertThatThrownBy(() -> VmJson.read(json.readTree("[1]"))).isInstanceOf(InvalidVmException.class);
	}

	@Test
	void writeThenReadIsTheSameVm() {
		Vm vm = read("""
				{"uuid":"6f1f7d5e-0000-4000-8000-000000000001","alias":"a","owner_uuid":"930896af-bf8c-48d4-885c-6573a94b1853",
				 "server_uuid":"44454c4c-5000-104d-8037-b7c04f5a5131","state":"stopped","brand":"joyent",
				 "image_uuid":"11111111-2222-4333-8444-555555555555","tags":{"smartdc_role":"nat","x":1.5}}""");
		assertThat(VmJson.read(VmJson.write(vm))).isEqualTo(vm);
		assertThat(vm.isNatZone()).isTrue();
		assertThat(vm.hasCoreTag()).isTrue();
	}

}
