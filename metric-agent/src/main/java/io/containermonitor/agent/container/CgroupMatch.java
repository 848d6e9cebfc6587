package io.containermonitor.agent.container;

/**
 * What a cgroup path says about the container in it.
 *
 * @param runtime docker, containerd, cri-o, podman, nspawn or cgroup
 * @param runtimeId the 64-hex runtime id, or null
 * @param name the name the path carries (nspawn machine, configured cgroup), or null
 */
public record CgroupMatch(String runtime, String runtimeId, String name) {
}
