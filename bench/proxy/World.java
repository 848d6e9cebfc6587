import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.core.fake.FakeTriton;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.ServerStatus;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The "world" of the proxy benchmark, in one JVM of its own:
 * <ul>
 * <li>a fake VMAPI + CNAPI ({@link FakeTriton}, from the core's test-jar) holding one compute node
 * and {@code vms} running VMs owned by the benchmark account, with the change feed the proxy
 * subscribes to;</li>
 * <li>the stand-in metric agent of that node: plain HTTP/1.1 with keep-alive (as a real agent),
 * answering {@code GET /v1/<uuid>/metrics} for those VMs with a fixed captured agent scrape
 * (Content-Length, no compression), 404 for any other uuid; {@code GET /bench/accepted} tells how
 * many TCP connections it has accepted.</li>
 * <li>{@code GET /v1/discover} on the agent's port: a stand-in triton-discovery answer (the VMs as JSON);</li>
 * <li>with a second owner: tenant A of the brown-out case, one VM on a node of its own (another
 * stand-in agent) and one on a node whose agent never answers.</li>
 * </ul>
 * It also picks free loopback ports for the proxy and nginx, and writes everything the script needs
 * to {@code <out>} as {@code KEY=value} lines once it is ready.
 *
 * <p>Usage: {@code java -cp <metric-proxy test classpath> World.java <out> <body file> <owner uuid> <vms> [<tenant A uuid>]}
 */
public class World {

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		byte[] body = Files.readAllBytes(Path.of(args[1]));
		UUID owner = UUID.fromString(args[2]);
		int count = Integer.parseInt(args[3]);
		UUID floodOwner = args.length > 4 ? UUID.fromString(args[4]) : null;

		UUID node = UUID.fromString("5e000000-0000-4000-8000-0000000be7c4");
		List<UUID> vms = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			vms.add(UUID.fromString(String.format("be7c0000-0000-4000-8000-%012d", i)));
		}
		Set<String> known = Set.copyOf(vms.stream().map(UUID::toString).toList());

		// A stand-in triton-discovery answer for the account: its VMs as /v1/discover lists them.
		StringBuilder discover = new StringBuilder("{\"containers\":[");
		for (int i = 0; i < vms.size(); i++) {
			discover.append(i == 0 ? "" : ",")
				.append("{\"server_uuid\":\"").append(node).append("\",\"vm_alias\":\"bench-")
				.append(vms.get(i).toString().substring(24)).append("\",\"vm_image_uuid\":\"")
				.append("00000000-0000-4000-8000-000000000000\",\"vm_uuid\":\"").append(vms.get(i))
				.append("\",\"vm_brand\":\"lx\",\"groups\":[]}");
		}
		byte[] discovery = discover.append("]}").toString().getBytes(StandardCharsets.UTF_8);

		AtomicLong accepted = new AtomicLong();
		DisposableServer agent = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> accepted.incrementAndGet())
			.route(routes -> routes.get("/v1/{uuid}/metrics", (request, response) -> {
				if (!known.contains(request.param("uuid"))) {
					return response.status(404).sendString(Mono.just("container not found"));
				}
				return response.header("Content-Type", "text/plain; version=0.0.4")
					.header("Content-Length", Integer.toString(body.length))
					.sendByteArray(Mono.just(body));
			}).get("/v1/ping", (request, response) -> response.sendString(Mono.just("OK")))
				.get("/v1/discover", (request, response) -> response.header("Content-Type", "application/json")
					.header("Content-Length", Integer.toString(discovery.length))
					.sendByteArray(Mono.just(discovery)))
				// for the load client: TCP connections accepted so far (does the caller keep them alive?)
				.get("/bench/accepted", (request, response) -> response.sendString(Mono.just(Long.toString(accepted.get())))))
			.bindNow();

		FakeTriton triton = FakeTriton.start();
		triton.putServer(new Server(node, "cn-bench", "127.0.0.1", agent.port(), ServerStatus.RUNNING, false));
		for (UUID vm : vms) {
			triton.putVm(new Vm(vm, "bench-" + vm.toString().substring(24), owner, node, VmState.RUNNING, "lx", null,
					Map.of(), null, null, null));
		}
		// The brown-out case's tenant A: one VM on a node of its own (the same stand-in agent, another
		// port) and one on a node whose agent accepts connections and never answers.
		UUID floodVm = UUID.fromString("fa000000-0000-4000-8000-000000000001");
		UUID floodHangVm = UUID.fromString("fa000000-0000-4000-8000-000000000002");
		DisposableServer hanging = null;
		if (floodOwner != null) {
			UUID floodNode = UUID.fromString("5e000000-0000-4000-8000-0000000f100d");
			UUID hangNode = UUID.fromString("5e000000-0000-4000-8000-00000000f0f0");
			DisposableServer floodAgent = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route(routes -> routes.get("/v1/{uuid}/metrics", (request, response) -> response
					.header("Content-Type", "text/plain; version=0.0.4")
					.header("Content-Length", Integer.toString(body.length))
					.sendByteArray(Mono.just(body))))
				.bindNow();
			hanging = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> Mono.never()).bindNow();
			triton.putServer(new Server(floodNode, "cn-flood", "127.0.0.1", floodAgent.port(), ServerStatus.RUNNING, false));
			triton.putServer(new Server(hangNode, "cn-hang", "127.0.0.1", hanging.port(), ServerStatus.RUNNING, false));
			triton.putVm(new Vm(floodVm, "flood-1", floodOwner, floodNode, VmState.RUNNING, "lx", null, Map.of(), null, null,
					null));
			triton.putVm(new Vm(floodHangVm, "flood-hang", floodOwner, hangNode, VmState.RUNNING, "lx", null, Map.of(), null,
					null, null));
		}

		StringBuilder env = new StringBuilder();
		env.append("TRITON_URL=").append(triton.baseUrl()).append('\n');
		env.append("AGENT_PORT=").append(agent.port()).append('\n');
		env.append("NODE_UUID=").append(node).append('\n');
		env.append("VMS=").append(String.join(",", vms.stream().map(UUID::toString).toList())).append('\n');
		env.append("BODY_BYTES=").append(body.length).append('\n');
		env.append("DISCOVER_BYTES=").append(discovery.length).append('\n');
		env.append("FLOOD_VM=").append(floodVm).append('\n');
		env.append("FLOOD_HANG_VM=").append(floodHangVm).append('\n');
		int[] ports = freePorts(3);
		env.append("PROXY_PORT=").append(ports[0]).append('\n');
		env.append("PROXY_MGMT_PORT=").append(ports[1]).append('\n');
		env.append("NGINX_PORT=").append(ports[2]).append('\n');
		Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
		Files.writeString(tmp, env.toString(), StandardCharsets.UTF_8);
		Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
		agent.onDispose().block();
	}

	/** Distinct free ports: all are held open until every one is chosen. */
	private static int[] freePorts(int n) throws Exception {
		ServerSocket[] sockets = new ServerSocket[n];
		int[] ports = new int[n];
		try {
			for (int i = 0; i < n; i++) {
				sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				ports[i] = sockets[i].getLocalPort();
			}
		}
		finally {
			for (ServerSocket socket : sockets) {
				if (socket != null) {
					socket.close();
				}
			}
		}
		return ports;
	}

}
