package io.containermonitor.proxy.authz;

import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.AppEndpoint;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ScrapeHandler;
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
		if (path.endsWith(ScrapeHandler.APP_PATH)) {
			String containerPath = path.substring(0, path.length() - ScrapeHandler.APP_PATH.length()) + "/metrics";
			return scrapedUuid(host, containerPath).flatMap(uuid -> resolveApp(account, uuid));
		}
		return scrapedUuid(host, path).flatMap(uuid -> resolve(account, uuid));
	}

	/**
	 * The agent {@code account} may scrape for the application of VM {@code uuid}, or empty: as
	 * {@link #resolve} for a VM (compute nodes have none, operators see no one else's), and only
	 * when the VM's tags declare an endpoint ({@value AppEndpoint#PORT_TAG}): nothing is scraped
	 * from a container that does not ask for it.
	 */
	public Optional<ScrapeTarget> resolveApp(Account account, UUID uuid) {
		Optional<Vm> vm = inventory.vm(uuid);
		if (vm.isEmpty()) {
			return Optional.empty();
		}
		Optional<AppEndpoint> endpoint = AppEndpoint.fromTags(vm.get().tags());
		if (endpoint.isEmpty()) {
			return Optional.empty();
		}
		return servingNode(account, vm.get()).map(server -> new ScrapeTarget(uuid,
				ScrapeTarget.vmAppMetricsUrl(server.adminIp(), server.agentPort(), uuid), false, endpoint.get()));
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
			return servingNode(account, v).map(server -> new ScrapeTarget(uuid,
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

	/** The node whose agent serves the VM, when {@code account} may scrape it. */
	private Optional<Server> servingNode(Account account, Vm v) {
		if (!v.ownerUuid().equals(account.uuid()) || v.state() != VmState.RUNNING || v.isNatZone()
				|| v.serverUuid() == null) {
			return Optional.empty();
		}
		return inventory.server(v.serverUuid()).filter(server -> server.adminIp() != null);
	}

}
