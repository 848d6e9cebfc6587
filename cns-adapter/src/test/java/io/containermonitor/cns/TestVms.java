package io.containermonitor.cns;

import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/** VMs and compute nodes as VMAPI and CNAPI would list them. */
public final class TestVms {

	public static final UUID OWNER = UUID.fromString("930896af-bf8c-48d4-885c-6573a94b1853");

	private TestVms() {
	}

	public static Vm running(UUID uuid) {
		return vm(uuid, VmState.RUNNING, Map.of());
	}

	public static Vm vm(UUID uuid, VmState state, Map<String, Object> tags) {
		return new Vm(uuid, "vm-" + uuid.toString().substring(0, 8), OWNER,
				UUID.fromString("44454c4c-3200-1042-8053-b2c04f4e4b31"), state, "joyent", null, tags, null, null, null);
	}

	public static Server server(UUID uuid) {
		return new Server(uuid, "cn-" + uuid.toString().substring(0, 8), "10.0.0.5", Server.DEFAULT_AGENT_PORT,
				ServerStatus.RUNNING, false);
	}

	/** A UUID whose first group is {@code n}, so that failures are easy to read. */
	public static UUID uuid(int n) {
		return UUID.fromString("%08x-0000-4000-8000-000000000001".formatted(n));
	}

}
