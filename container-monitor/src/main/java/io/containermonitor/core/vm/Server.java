package io.containermonitor.core.vm;

import java.util.Objects;
import java.util.UUID;

/**
 * A compute node (CNAPI server).
 *
 * @param uuid the server uuid
 * @param hostname sysinfo {@code Hostname}
 * @param adminIp the address its metric agent listens on (CNAPI: the admin IP from sysinfo;
 * standalone: the address the agent registered)
 * @param agentPort the agent's port (9163 in Triton)
 * @param status CNAPI {@code status}
 * @param headnode whether it is the head node
 */
public record Server(UUID uuid, String hostname, String adminIp, int agentPort, ServerStatus status,
		boolean headnode) {

	/** The agent port Triton uses on every node. */
	public static final int DEFAULT_AGENT_PORT = 9163;

	public Server {
		Objects.requireNonNull(uuid, "uuid");
		Objects.requireNonNull(status, "status");
		if (agentPort < 1 || agentPort > 65535) {
			throw new IllegalArgumentException("agent port out of range: " + agentPort);
		}
	}

	public boolean isRunning() {
		return status == ServerStatus.RUNNING;
	}

	public Server withStatus(ServerStatus newStatus) {
		return new Server(uuid, hostname, adminIp, agentPort, newStatus, headnode);
	}

}
