package io.containermonitor.proxy.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;

/**
 * The tenants, keys, compute nodes and VMs every proxy integration test sees. Made once per
 * JVM (key generation and upstream servers are the slow part) and shared, like the Spring
 * context, by every test class that extends {@link ProxyIntegrationTest}.
 *
 * <p>Accounts: alice (RSA, ECDSA and Ed25519 keys), bob, ops (operator), carol (whose
 * administrator role has member dave), tina and uma (used only by the rate-limit test), amy and
 * ben (the brown-out test: amy floods, ben scrapes) and kim (whose agent hangs in the brown-out
 * test, and whose key the connection test removes and puts back with {@link #writeAccounts}).
 * {@link #stranger} is on no account.
 */
public final class ProxyFixture {

	public static final String DATACENTER = "test-1";

	public static final String SUFFIX = "cns.example.com";

	public static final String SERVICE_HOST = "cmon." + DATACENTER + "." + SUFFIX + ":9163";

	public final Path dir;

	public final Path accountsFile;

	public final TestUpstreams upstreams = new TestUpstreams();

	public final SshKeyPair aliceRsa;

	public final SshKeyPair aliceEcdsa;

	public final SshKeyPair aliceEd25519;

	public final SshKeyPair bobKey;

	public final SshKeyPair opsKey;

	public final SshKeyPair daveKey;

	public final SshKeyPair tinaKey;

	public final SshKeyPair amyKey;

	public final SshKeyPair benKey;

	public final SshKeyPair kimKey;

	public final SshKeyPair umaKey;

	public final SshKeyPair stranger;

	public final SshKeyPair adaKey;

	public final UUID ada = UUID.fromString("ada00000-0000-4000-8000-00000000000b");

	/** ada's VM that declares an application endpoint (the shared rate-limit test). */
	public final UUID adaAppVm = UUID.fromString("ada10000-0000-4000-8000-0000000a0001");

	public final UUID alice = UUID.fromString("a11ce000-0000-4000-8000-000000000001");

	public final UUID bob = UUID.fromString("b0b00000-0000-4000-8000-000000000002");

	public final UUID ops = UUID.fromString("0b500000-0000-4000-8000-000000000003");

	public final UUID carol = UUID.fromString("ca501000-0000-4000-8000-000000000004");

	public final UUID dave = UUID.fromString("da7e0000-0000-4000-8000-000000000005");

	public final UUID tina = UUID.fromString("71a00000-0000-4000-8000-000000000006");

	public final UUID amy = UUID.fromString("a3700000-0000-4000-8000-000000000008");

	public final UUID ben = UUID.fromString("be400000-0000-4000-8000-000000000009");

	public final UUID kim = UUID.fromString("c1300000-0000-4000-8000-00000000000a");

	public final UUID uma = UUID.fromString("0aa00000-0000-4000-8000-000000000007");

	/** A node whose agent works. */
	public final UUID node = UUID.fromString("5e000000-0000-4000-8000-00000000000a");

	/** A node whose agent accepts connections and never answers. */
	public final UUID hangingNode = UUID.fromString("5e000000-0000-4000-8000-00000000000b");

	/** A node whose agent is down. */
	public final UUID deadNode = UUID.fromString("5e000000-0000-4000-8000-00000000000c");

	public final UUID aliceVm = UUID.fromString("a1000000-0000-4000-8000-000000000001");

	public final UUID aliceStoppedVm = UUID.fromString("a1000000-0000-4000-8000-000000000002");

	public final UUID aliceHangingVm = UUID.fromString("a1000000-0000-4000-8000-000000000003");

	public final UUID aliceDeadVm = UUID.fromString("a1000000-0000-4000-8000-000000000004");

	public final UUID aliceAgent404Vm = UUID.fromString(TestUpstreams.AGENT_404_VM);

	public final UUID bobVm = UUID.fromString("b1000000-0000-4000-8000-000000000001");

	public final UUID opsCoreVm = UUID.fromString("0c000000-0000-4000-8000-000000000001");

	public final UUID carolVm = UUID.fromString("ca000000-0000-4000-8000-000000000001");

	public final UUID tinaVm = UUID.fromString("7a000000-0000-4000-8000-000000000001");

	/** amy's VM, on its own node's agent. */
	public final UUID amyVm = UUID.fromString("a3000000-0000-4000-8000-000000000001");

	/** kim's VM on the hanging agent (the brown-out test: kim's agent hangs). */
	public final UUID kimHangingVm = UUID.fromString("c1000000-0000-4000-8000-000000000002");

	public final UUID benVm = UUID.fromString("be000000-0000-4000-8000-000000000001");

	public final UUID kimVm = UUID.fromString("c1000000-0000-4000-8000-000000000001");

	/** A second working agent, amy's: her flood and ben's scrapes reach different agents. */
	public final UUID amyNode = UUID.fromString("5e000000-0000-4000-8000-00000000000d");

	public final UUID umaVm = UUID.fromString("0a000000-0000-4000-8000-000000000001");

	/** alice's VM whose tags declare its application's endpoint. */
	public final UUID aliceAppVm = UUID.fromString("a1000000-0000-4000-8000-0000000a0001");

	public final UUID aliceApp504Vm = UUID.fromString(TestUpstreams.APP_504_VM);

	public final UUID aliceApp502Vm = UUID.fromString(TestUpstreams.APP_502_VM);

	/** bob's VM whose tags declare its application's endpoint. */
	public final UUID bobAppVm = UUID.fromString("b1000000-0000-4000-8000-0000000a0001");

	private static ProxyFixture instance;

	public static synchronized ProxyFixture get() {
		if (instance == null) {
			instance = new ProxyFixture();
		}
		return instance;
	}

	private ProxyFixture() {
		try {
			dir = Files.createTempDirectory("metric-proxy-test");
			dir.toFile().deleteOnExit();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		aliceRsa = SshKeyPair.generate(dir, "rsa", "alice@rsa");
		aliceEcdsa = SshKeyPair.generate(dir, "ecdsa", "alice@ecdsa");
		aliceEd25519 = SshKeyPair.generate(dir, "ed25519", "alice@ed25519");
		bobKey = SshKeyPair.generate(dir, "ecdsa", "bob");
		opsKey = SshKeyPair.generate(dir, "ed25519", "ops");
		daveKey = SshKeyPair.generate(dir, "ed25519", "dave");
		tinaKey = SshKeyPair.generate(dir, "ed25519", "tina");
		amyKey = SshKeyPair.generate(dir, "ecdsa", "amy");
		benKey = SshKeyPair.generate(dir, "ecdsa", "ben");
		kimKey = SshKeyPair.generate(dir, "ecdsa", "kim");
		umaKey = SshKeyPair.generate(dir, "ed25519", "uma");
		stranger = SshKeyPair.generate(dir, "ed25519", "mallory");
		adaKey = SshKeyPair.generate(dir, "ed25519", "ada");
		accountsFile = dir.resolve("accounts.yml");
		writeAccounts(true);
	}

	/** Writes the accounts file, with kim's key or without it (kim's account stays). */
	public void writeAccounts(boolean withKimsKey) {
		try {
			Files.writeString(accountsFile, String.join("\n",
					account("alice", alice, false, List.of(aliceRsa, aliceEcdsa, aliceEd25519), List.of()),
					account("bob", bob, false, List.of(bobKey), List.of()),
					account("ops", ops, true, List.of(opsKey), List.of()),
					account("carol", carol, false, List.of(), List.of("dave")),
					account("dave", dave, false, List.of(daveKey), List.of()),
					account("tina", tina, false, List.of(tinaKey), List.of()),
					account("uma", uma, false, List.of(umaKey), List.of()),
					account("amy", amy, false, List.of(amyKey), List.of()),
					account("ben", ben, false, List.of(benKey), List.of()),
					account("kim", kim, false, withKimsKey ? List.of(kimKey) : List.of(), List.of()),
					account("ada", ada, false, List.of(adaKey), List.of())));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String account(String login, UUID uuid, boolean operator, List<SshKeyPair> keys,
			List<String> members) {
		StringBuilder yaml = new StringBuilder();
		yaml.append("- login: ").append(login).append('\n');
		yaml.append("  uuid: ").append(uuid).append('\n');
		yaml.append("  operator: ").append(operator).append('\n');
		yaml.append("  keys:").append(keys.isEmpty() ? " []" : "").append('\n');
		keys.forEach(key -> yaml.append("    - \"").append(key.publicKeyLine()).append("\"\n"));
		if (!members.isEmpty()) {
			yaml.append("  members: [").append(String.join(", ", members)).append("]\n");
		}
		return yaml.toString();
	}

	/** Puts the fixture's nodes and VMs into the inventory (idempotent). */
	public void fill(Inventory inventory) {
		inventory.putServer(server(node, upstreams.agent.port()));
		inventory.putServer(server(hangingNode, upstreams.hangingAgent.port()));
		inventory.putServer(server(deadNode, upstreams.deadPort));
		inventory.putVm(vm(aliceVm, alice, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(aliceStoppedVm, alice, node, VmState.STOPPED, Map.of()));
		inventory.putVm(vm(aliceHangingVm, alice, hangingNode, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(aliceDeadVm, alice, deadNode, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(aliceAgent404Vm, alice, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(bobVm, bob, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(opsCoreVm, ops, node, VmState.RUNNING, Map.of("smartdc_role", "cmon")));
		inventory.putVm(vm(carolVm, carol, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(tinaVm, tina, node, VmState.RUNNING, Map.of()));
		inventory.putServer(server(amyNode, upstreams.secondAgent.port()));
		inventory.putVm(vm(amyVm, amy, amyNode, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(kimHangingVm, kim, hangingNode, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(benVm, ben, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(kimVm, kim, node, VmState.RUNNING, Map.of()));
		inventory.putVm(vm(umaVm, uma, node, VmState.RUNNING, Map.of()));
		Map<String, Object> app = Map.of("triton.cmon.app-port", 9090, "triton.cmon.app-path", "/metrics");
		inventory.putVm(vm(aliceAppVm, alice, node, VmState.RUNNING, app));
		inventory.putVm(vm(aliceApp504Vm, alice, node, VmState.RUNNING, app));
		inventory.putVm(vm(aliceApp502Vm, alice, node, VmState.RUNNING, app));
		inventory.putVm(vm(bobAppVm, bob, node, VmState.RUNNING, app));
		inventory.putVm(vm(adaAppVm, ada, node, VmState.RUNNING, app));
	}

	public static String hostOf(UUID target) {
		return target + ".cmon." + DATACENTER + "." + SUFFIX + ":9163";
	}

	private static Server server(UUID uuid, int port) {
		return new Server(uuid, "cn-" + uuid.toString().substring(0, 8), "127.0.0.1", port, ServerStatus.RUNNING, false);
	}

	private static Vm vm(UUID uuid, UUID owner, UUID server, VmState state, Map<String, Object> tags) {
		return new Vm(uuid, "vm-" + uuid.toString().substring(0, 8), owner, server, state, "lx", null, tags, null, null,
				null);
	}

}
