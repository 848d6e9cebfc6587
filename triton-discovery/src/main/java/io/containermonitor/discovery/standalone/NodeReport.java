package io.containermonitor.discovery.standalone;

import java.util.List;
import java.util.UUID;

import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;

/**
 * One agent push: its node and the full list of containers on it (registration and heartbeat
 * in one).
 *
 * @param serverUuid the node, from the path
 * @param hostname the node's host name
 * @param adminIp the address its agent listens on
 * @param agentPort the agent's port
 * @param vms every VM on the node, each with {@code server_uuid} set to the node
 */
record NodeReport(UUID serverUuid, String hostname, String adminIp, int agentPort, List<Vm> vms) {

	NodeReport {
		vms = List.copyOf(vms);
	}

	Server server() {
		return new Server(serverUuid, hostname, adminIp, agentPort, ServerStatus.RUNNING, false);
	}

}
