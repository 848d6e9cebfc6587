package io.containermonitor.agent.container;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/**
 * A container found on this node: a cgroup that a runtime (or the configuration)
 * marks as one container.
 *
 * @param vmUuid the VM uuid it is served under
 * @param alias its name (the runtime's container name, else the cgroup's last segment)
 * @param runtime docker, containerd, cri-o, podman, nspawn, or cgroup for configured roots
 * @param runtimeId the runtime's 64-hex id, or null
 * @param cgroupPath its cgroup path inside the hierarchy, starting with {@code /}
 * @param labels the runtime's labels, empty when unknown
 * @param ownerUuid the owning account
 * @param running whether it has processes
 * @param firstSeen when the agent first found it
 */
public record Container(UUID vmUuid, String alias, String runtime, String runtimeId, String cgroupPath,
		Map<String, String> labels, UUID ownerUuid, boolean running, Instant firstSeen) {

	/** The brand VMs of Linux containers carry in VMAPI objects. */
	public static final String BRAND = "linux";

	public Container {
		Objects.requireNonNull(vmUuid, "vmUuid");
		Objects.requireNonNull(cgroupPath, "cgroupPath");
		Objects.requireNonNull(ownerUuid, "ownerUuid");
		labels = labels == null ? Map.of() : Map.copyOf(labels);
	}

	/** The VMAPI view of this container, as registration pushes it. */
	public Vm toVm(UUID serverUuid) {
		Map<String, Object> tags = Map.copyOf(labels);
		return new Vm(vmUuid, alias, ownerUuid, serverUuid, running ? VmState.RUNNING : VmState.STOPPED, BRAND,
				null, tags, firstSeen, null, firstSeen);
	}

	public Container withRunning(boolean nowRunning) {
		return new Container(vmUuid, alias, runtime, runtimeId, cgroupPath, labels, ownerUuid, nowRunning,
				firstSeen);
	}

	/** The cgroup path without its leading slash, to resolve against a hierarchy. */
	public String relativeCgroupPath() {
		return cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
	}

}
