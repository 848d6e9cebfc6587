package io.containermonitor.proxy.authz;

import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Account;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.proxy.route.HostTarget;
import io.containermonitor.proxy.route.ScrapeTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scrape authorisation alone, over a real Inventory: who reaches which agent, and nothing for the rest. */
class ScrapeAuthorizationTests {

	private final Inventory inventory = new Inventory();

	private final ScrapeAuthorization authorization = new ScrapeAuthorization(inventory);

	private final Account alice = new Account(UUID.randomUUID(), "alice", false);

	private final Account ops = new Account(UUID.randomUUID(), "ops", true);

	private final UUID node = UUID.randomUUID();

	private final UUID nodeWithoutAddress = UUID.randomUUID();

	ScrapeAuthorizationTests() {
		inventory.putServer(new Server(node, "cn1", "10.0.0.7", 9163, ServerStatus.RUNNING, false));
		inventory.putServer(new Server(nodeWithoutAddress, "cn2", null, 9163, ServerStatus.RUNNING, false));
	}

	private UUID vm(Account owner, UUID server, VmState state, Map<String, Object> tags) {
		UUID uuid = UUID.randomUUID();
		inventory.putVm(new Vm(uuid, null, owner.uuid(), server, state, "lx", null, tags, null, null, null));
		return uuid;
	}

	private ScrapeTarget allowedScrape(Account account, HostTarget host, String path) {
		return authorization.target(account, host, path).orElseThrow();
	}

	private void notFound(Account account, HostTarget host, String path) {
		assertThat(authorization.target(account, host, path)).as("%s on %s for %s", path, host, account.login()).isEmpty();
	}

	@Test
	void ownRunningVmGoesToItsNodesAgent() {
		UUID vm = vm(alice, node, VmState.RUNNING, Map.of());
		ScrapeTarget target = allowedScrape(alice, new HostTarget.Target(vm), "/metrics");
		assertThat(target.agentUrl().toString()).isEqualTo("http://10.0.0.7:9163/v1/" + vm + "/metrics");
		assertThat(target.coreZone()).isFalse();
		assertThat(allowedScrape(alice, HostTarget.SERVICE, "/v1/" + vm + "/metrics").agentUrl())
			.isEqualTo(target.agentUrl());
	}

	@Test
	void coreZoneOnlyForOperators() {
		UUID core = vm(ops, node, VmState.RUNNING, Map.of("smartdc_role", "cmon"));
		assertThat(allowedScrape(ops, new HostTarget.Target(core), "/metrics").coreZone()).isTrue();
		UUID tenantTagged = vm(alice, node, VmState.RUNNING, Map.of("manta_role", "storage"));
		assertThat(allowedScrape(alice, new HostTarget.Target(tenantTagged), "/metrics").coreZone()).isFalse();
	}

	@Test
	void everyRefusalIsTheSame404() {
		Account bob = new Account(UUID.randomUUID(), "bob", false);
		notFound(bob, new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of())), "/metrics");
		notFound(alice, new HostTarget.Target(vm(alice, node, VmState.STOPPED, Map.of())), "/metrics");
		notFound(alice,
				new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of("smartdc_role", "nat"))), "/metrics");
		notFound(alice,
				new HostTarget.Target(vm(alice, nodeWithoutAddress, VmState.RUNNING, Map.of())), "/metrics");
		notFound(alice,
				new HostTarget.Target(vm(alice, UUID.randomUUID(), VmState.RUNNING, Map.of())), "/metrics");
		notFound(alice, new HostTarget.Target(UUID.randomUUID()), "/metrics");
		notFound(alice, HostTarget.SERVICE, "/metrics");
		notFound(alice, HostTarget.SERVICE, "/v1/gz/metrics");
		notFound(alice, new HostTarget.Target(node), "/metrics");
	}

	@Test
	void operatorsScrapeNodesButNotOtherAccountsVms() {
		assertThat(allowedScrape(ops, new HostTarget.Target(node), "/metrics").agentUrl().toString())
			.isEqualTo("http://10.0.0.7:9163/v1/gz/metrics");
		assertThat(allowedScrape(ops, HostTarget.SERVICE, "/v1/" + node + "/metrics").agentUrl().toString())
			.isEqualTo("http://10.0.0.7:9163/v1/gz/metrics");
		notFound(ops, new HostTarget.Target(vm(alice, node, VmState.RUNNING, Map.of())),
				"/metrics");
	}

}
