package io.containermonitor.agent.container;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.NameBasedUuid;
import io.containermonitor.core.vm.TritonUuid;

/**
 * Decides a container's VM uuid and owner. The uuid: a configured label wins; a
 * 64-hex runtime id maps to the uuid of its first 32 hex digits (the inverse of
 * Triton's docker id, which is the VM uuid twice without dashes); anything else gets
 * a name-based uuid of runtime and cgroup path, stable across restarts.
 */
public final class ContainerIdentity {

	private final AgentProperties.Owner owner;

	public ContainerIdentity(AgentProperties.Owner owner) {
		this.owner = owner;
	}

	public UUID vmUuid(CgroupMatch match, String cgroupPath, Map<String, String> labels) {
		Optional<UUID> labelled = TritonUuid.parseLenient(labels.get(owner.uuidLabel()));
		if (labelled.isPresent()) {
			return labelled.get();
		}
		if (match.runtimeId() != null) {
			return fromRuntimeId(match.runtimeId());
		}
		return NameBasedUuid.of(match.runtime() + ":" + cgroupPath);
	}

	/** The uuid formed by the first 32 hex digits of a 64-hex runtime id. */
	public static UUID fromRuntimeId(String hex64) {
		String h = hex64.substring(0, 32);
		return UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
				+ h.substring(16, 20) + "-" + h.substring(20, 32));
	}

	public UUID ownerUuid(String alias, Map<String, String> labels) {
		Optional<UUID> labelled = TritonUuid.parseLenient(labels.get(owner.label()));
		if (labelled.isPresent()) {
			return labelled.get();
		}
		Optional<UUID> mapped = AliasPatterns.lookup(owner.mapping(), alias);
		if (mapped.isPresent()) {
			return mapped.get();
		}
		return owner.defaultOwner();
	}

}
