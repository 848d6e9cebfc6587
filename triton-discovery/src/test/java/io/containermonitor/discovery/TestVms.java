package io.containermonitor.discovery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/** VMs for tests: each test makes its own owners and servers, so tests sharing a context never collide. */
public final class TestVms {

	private TestVms() {
	}

	public static Vm running(UUID owner, UUID server, String alias, String... groupsAndTags) {
		return vm(owner, server, alias, VmState.RUNNING, groupsAndTags);
	}

	/**
	 * A VM; {@code groupsAndTags} are {@code key=value} tags, or a bare comma list taken as its
	 * {@code triton.cmon.groups}.
	 */
	public static Vm vm(UUID owner, UUID server, String alias, VmState state, String... groupsAndTags) {
		Map<String, Object> tags = new HashMap<>();
		for (String item : groupsAndTags) {
			int eq = item.indexOf('=');
			if (eq < 0) {
				tags.put(Vm.GROUPS_TAG, item);
			}
			else {
				tags.put(item.substring(0, eq), item.substring(eq + 1));
			}
		}
		return new Vm(UUID.randomUUID(), alias, owner, server, state, "lx", UUID.randomUUID(), tags,
				Instant.parse("2026-01-01T00:00:00Z"), null, Instant.parse("2026-01-01T00:00:00Z"));
	}

}
