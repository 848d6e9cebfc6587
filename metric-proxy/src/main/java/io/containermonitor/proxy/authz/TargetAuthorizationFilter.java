package io.containermonitor.proxy.authz;

import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.proxy.ProxyExchange;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ProxyRoutes;
import io.containermonitor.proxy.route.ScrapeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Decides what the authenticated account may reach (spec §3.4), from the Inventory:
 * <ul>
 * <li>scrapes: a running VM the account owns → its node's agent; for operators also a
 * compute node → {@code /v1/gz/metrics}. The target is the Host's UUID for
 * {@code GET /metrics}, or the path's UUID for {@code GET /v1/<uuid>/metrics} on the
 * service host. Operators get no access to other accounts' VMs;</li>
 * <li>discovery: only on the service host; {@code /v1/gz/discover} for operators only.</li>
 * </ul>
 * Everything else is the same 404, whether the target is unknown, not owned, not running,
 * a NAT zone or on a node the Inventory has no address for, so nothing can be enumerated.
 * Unlike CMON, an operator need not own a VM to scrape compute nodes.
 */
@Component
public class TargetAuthorizationFilter implements GlobalFilter, Ordered {

	public static final int ORDER = 100;

	private static final Logger log = LoggerFactory.getLogger(TargetAuthorizationFilter.class);

	private final Inventory inventory;

	public TargetAuthorizationFilter(Inventory inventory) {
		this.inventory = inventory;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return chain.filter(exchange);
		}
		Account account = ProxyExchange.account(exchange)
			.orElseThrow(() -> new IllegalStateException("route " + route.getId() + " reached unauthenticated"));
		HostTarget host = ProxyExchange.hostTarget(exchange)
			.orElseThrow(() -> new IllegalStateException("route " + route.getId() + " reached without a Host"));
		String path = exchange.getRequest().getPath().value();
		boolean allowed = switch (route.getId()) {
			case ProxyRoutes.DISCOVER_ROUTE -> host instanceof HostTarget.Service
					&& (account.operator() || !path.startsWith("/v1/gz/"));
			case ProxyRoutes.AGENT_ROUTE -> authorizeScrape(exchange, account, host, path);
			default -> false;
		};
		if (!allowed) {
			log.debug("Account {} may not reach {} on {}", account.login(), path, host);
			return Mono.error(new ProxyErrorException(ProxyError.NOT_FOUND));
		}
		return chain.filter(exchange);
	}

	private boolean authorizeScrape(ServerWebExchange exchange, Account account, HostTarget host, String path) {
		Optional<UUID> uuid = scrapedUuid(host, path);
		Optional<ScrapeTarget> target = uuid.flatMap(id -> resolve(account, id));
		target.ifPresent(t -> exchange.getAttributes().put(ProxyExchange.SCRAPE_TARGET_ATTR, t));
		return target.isPresent();
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
			.map((Server server) -> new ScrapeTarget(uuid,
					ScrapeTarget.nodeMetricsUrl(server.adminIp(), server.agentPort()), false));
	}

}
