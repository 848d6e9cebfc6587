package io.containermonitor.proxy.authz;

import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ScrapeTarget;

import org.springframework.stereotype.Component;

/**
 * Which agent an authenticated account may scrape (spec §3.4), from the Inventory: a running
 * VM the account owns → its node's agent; for operators also a compute node →
 * {@code /v1/gz/metrics}. The target is the Host's UUID for {@code GET /metrics}, or the path's
 * UUID for {@code GET /v1/<uuid>/metrics} on the service host. Operators get no access to other
 * accounts' VMs. Everything else is empty, which the caller answers with the one 404, whether
 * the target is unknown, not owned, not running, a NAT zone or on a node the Inventory has no
 * address for, so nothing can be enumerated. Unlike CMON, an operator need not own a VM to
 * scrape compute nodes.
 */
@Component
public class ScrapeAuthorization {

	private final Inventory inventory;

	public ScrapeAuthorization(Inventory inventory) {
		this.inventory = inventory;
	}

	/** The agent {@code account} may scrape for a request of {@code path} on {@code host}, or empty. */
	public Optional<ScrapeTarget> target(Account account, HostTarget host, String path) {
		return scrapedUuid(host, path).flatMap(uuid -> resolve(account, uuid));
	}

	static Optional<UUID> scrapedUuid(HostTarget host, String path) {
		if (host instanceof HostTarget.Target target) {
			return path.equals("/metrics") ? Optional.of(target.uuid()) : Optional.empty();
		}
		if (path.startsWith("/v1/") && path.endsWith("/metrics")) {
			return TritonUuid.parse(path.substring("/v1/".length(), path.length() - "/metrics".length()));
		}
		return Optional.empty();
	}

	/** The agent {@code account} may scrape for {@code uuid}, or empty. */
	public Optional<ScrapeTarget> resolve(Account account, UUID uuid) {
		Optional<Vm> vm = inventory.vm(uuid);
		if (vm.isPresent()) {
			Vm v = vm.get();
			if (!v.ownerUuid().equals(account.uuid()) || v.state() != VmState.RUNNING || v.isNatZone()
					|| v.serverUuid() == null) {
				return Optional.empty();
			}
			return inventory.server(v.serverUuid())
				.filter(server -> server.adminIp() != null)
				.map(server -> new ScrapeTarget(uuid,
						ScrapeTarget.vmMetricsUrl(server.adminIp(), server.agentPort(), uuid),
						v.hasCoreTag() && account.operator()));
		}
		if (!account.operator()) {
			return Optional.empty();
		}
		return inventory.server(uuid)
			.filter(server -> server.adminIp() != null)
			.map(server -> new ScrapeTarget(uuid, ScrapeTarget.nodeMetricsUrl(server.adminIp(), server.agentPort()),
					false));
	}

}
