package io.containermonitor.discovery.standalone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone registry: agents push their node and its full container list (as Triton's
 * vm-agent keeps VMAPI current), and the registry turns each push into inventory changes.
 * A VM the node no longer lists is destroyed; a node silent for too long is marked
 * {@code unknown}, and so are its VMs, until it pushes again.
 *
 * <p>Thread-safe: pushes and expiry are serialised on this object; the inventory orders its
 * listeners' events.
 */
public class AgentRegistry {

	private static final Logger logger = LoggerFactory.getLogger(AgentRegistry.class);

	private final Inventory inventory;

	private final Clock clock;

	private final Duration downAfter;

	/** Guarded by {@code this}. */
	private final Map<UUID, Node> nodes = new ConcurrentHashMap<>();

	public AgentRegistry(Inventory inventory, Clock clock, Duration downAfter) {
		this.inventory = inventory;
		this.clock = clock;
		this.downAfter = downAfter;
	}

	/**
	 * A heartbeat without the list: true if the registry holds the node, up, with exactly the
	 * push whose digest this is (then it only notes the time); false when the agent must send its
	 * full list (unknown node after a restart, marked down, or a different push).
	 */
	synchronized boolean heartbeat(UUID serverUuid, String digest) {
		Node node = nodes.get(serverUuid);
		if (node == null || node.down() || node.digest() == null || !node.digest().equals(digest)) {
			return false;
		}
		nodes.put(serverUuid, new Node(clock.instant(), node.vms(), false, node.digest()));
		return true;
	}

	/** Takes one push: the node is up, its VMs are exactly the listed ones. */
	void report(NodeReport report) {
		report(report, null);
	}

	/** As {@link #report(NodeReport)}, remembering the push's digest for later heartbeats. */
	synchronized void report(NodeReport report, String digest) {
		UUID serverUuid = report.serverUuid();
		Node previous = nodes.get(serverUuid);
		if (previous == null) {
			logger.info("Node {} ({}) registered with {} VMs, agent at {}:{}", serverUuid, report.hostname(),
					report.vms().size(), report.adminIp(), report.agentPort());
		}
		else if (previous.down()) {
			logger.info("Node {} ({}) is back after {}", serverUuid, report.hostname(),
					Duration.between(previous.lastSeen(), clock.instant()));
		}
		inventory.putServer(report.server());
		Set<UUID> listed = new HashSet<>();
		for (Vm vm : report.vms()) {
			if (vm.isGone()) {
				removeIfOn(serverUuid, vm.uuid());
			}
			else {
				listed.add(vm.uuid());
				inventory.putVm(vm);
			}
		}
		if (previous != null) {
			for (UUID uuid : previous.vms()) {
				if (!listed.contains(uuid)) {
					removeIfOn(serverUuid, uuid);
				}
			}
		}
		nodes.put(serverUuid, new Node(clock.instant(), Set.copyOf(listed), false, digest));
	}

	/** Marks nodes that missed their heartbeats, and their VMs, {@code unknown}. */
	synchronized void markSilentNodesDown() {
		Instant deadline = clock.instant().minus(downAfter);
		nodes.forEach((serverUuid, node) -> {
			if (!node.down() && node.lastSeen().isBefore(deadline)) {
				logger.warn("Node {} sent no heartbeat since {}: marking it and its {} VMs unknown", serverUuid,
						node.lastSeen(), node.vms().size());
				inventory.server(serverUuid)
					.ifPresent(server -> inventory.putServer(server.withStatus(ServerStatus.UNKNOWN)));
				for (UUID uuid : node.vms()) {
					inventory.vm(uuid)
						.filter(vm -> serverUuid.equals(vm.serverUuid()))
						.ifPresent(vm -> inventory.putVm(vm.withState(VmState.UNKNOWN)));
				}
				nodes.put(serverUuid, new Node(node.lastSeen(), node.vms(), true, node.digest()));
			}
		});
	}

	/**
	 * Forgets a decommissioned node: its VMs are destroyed and the server removed. False if the
	 * registry never heard of it.
	 */
	synchronized boolean forget(UUID serverUuid) {
		Node node = nodes.remove(serverUuid);
		if (node == null) {
			return false;
		}
		logger.info("Node {} deregistered: destroying its {} VMs", serverUuid, node.vms().size());
		node.vms().forEach(uuid -> removeIfOn(serverUuid, uuid));
		inventory.removeServer(serverUuid);
		return true;
	}

	/** Nodes now up (pushing) or down (silent too long). */
	long nodeCount(boolean down) {
		return nodes.values().stream().filter(node -> node.down() == down).count();
	}

	/** When the node last pushed, if it ever did. */
	Optional<Instant> lastHeartbeat(UUID serverUuid) {
		return Optional.ofNullable(nodes.get(serverUuid)).map(Node::lastSeen);
	}

	/** A VM the node dropped: gone, unless it has meanwhile moved to another node. */
	private void removeIfOn(UUID serverUuid, UUID vmUuid) {
		inventory.vm(vmUuid).filter(vm -> serverUuid.equals(vm.serverUuid())).ifPresent(vm -> {
			logger.debug("VM {} left node {}: destroyed", vmUuid, serverUuid);
			inventory.removeVm(vmUuid);
		});
	}

	/** {@code digest}: of the push the VMs came from, or null. */
	private record Node(Instant lastSeen, Set<UUID> vms, boolean down, String digest) {
	}

}
