package io.containermonitor.core.fake;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher;
import io.containermonitor.core.triton.changefeed.ChangeFeedResource;
import io.containermonitor.core.triton.changefeed.ChangeItem;
import io.containermonitor.core.triton.cnapi.ServerJson;
import io.containermonitor.core.triton.vmapi.VmJson;
import io.containermonitor.core.vm.Server;
import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake VMAPI + CNAPI on a random loopback port that speaks their wire
 * protocol: {@code GET /vms} with VMAPI's filters, validation and marker paging
 * (uuid descending, the limit+1 quirk), {@code GET /vms/:uuid} (destroyed VMs
 * still answer), CNAPI {@code GET /servers}, and the change feed (probe, upgrade,
 * V1 registration, bootstrap, items) through the real {@link ChangeFeedPublisher}.
 * Faults on demand: error statuses, malformed pages, duplicate items, raw frames,
 * dropped and black-holed connections, silent changes while nobody listens.
 */
public final class FakeTriton implements AutoCloseable {

	private static final Set<String> LIST_PARAMS = Set.of("state", "owner_uuid", "server_uuid", "uuid", "uuids",
			"alias", "brand", "limit", "marker", "offset");

	private final JsonMapper json = JsonMapper.shared();

	private final Map<UUID, Vm> vms = new ConcurrentHashMap<>();

	/** Every VM's uuid, sorted as text: VMAPI's index, so a page costs its rows, not a scan of every VM. */
	private final ConcurrentSkipListMap<String, UUID> sorted = new ConcurrentSkipListMap<>();

	private final Map<String, ObjectNode> rawVms = new ConcurrentHashMap<>();

	private final Map<UUID, Server> servers = new ConcurrentHashMap<>();

	private final ChangeFeedPublisher publisher = new ChangeFeedPublisher(ChangeFeedResource.VMAPI_VM, json);

	private final Set<Connection> sockets = ConcurrentHashMap.newKeySet();

	private final Sinks.Many<String> rawFrames = Sinks.many().multicast().directBestEffort();

	private final AtomicInteger failNext = new AtomicInteger();

	private final AtomicInteger failStatus = new AtomicInteger(503);

	private final AtomicInteger malformNextPages = new AtomicInteger();

	private final AtomicInteger duplicates = new AtomicInteger(1);

	private final AtomicBoolean blackHole = new AtomicBoolean();

	private final AtomicBoolean refuseFeed = new AtomicBoolean();

	private final AtomicLong listRequests = new AtomicLong();

	private final AtomicLong getRequests = new AtomicLong();

	private final AtomicLong upgrades = new AtomicLong();

	private final DisposableServer server;

	private FakeTriton() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes.get("/vms", this::listVms)
				.get("/vms/{uuid}", this::getVm)
				.get("/servers", this::listServers)
				.get("/servers/{uuid}", this::getServer)
				.get("/changefeeds/stats", (req, res) -> json(res, 200, publisher.stats().toString()))
				.get("/changefeeds", this::changefeeds))
			.bindNow();
	}

	public static FakeTriton start() {
		return new FakeTriton();
	}

	/** VMAPI's (and CNAPI's) base URL. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + server.port());
	}

	// ----- state -----

	/** Creates or changes a VM and publishes a change item naming the fields that differ. */
	public void putVm(Vm vm) {
		Vm previous = vms.put(vm.uuid(), vm);
		sorted.put(vm.uuid().toString(), vm.uuid());
		publish(vm, changedFields(previous, vm));
	}

	/** Changes a VM without publishing anything, as if the item was lost while nobody listened. */
	public void putVmSilently(Vm vm) {
		vms.put(vm.uuid(), vm);
		sorted.put(vm.uuid().toString(), vm.uuid());
	}

	/** Marks a VM destroyed the way vm-agent's PUT does: the item names only {@code destroyed}. */
	public void destroyVm(UUID uuid) {
		Vm destroyed = destroyed(uuid);
		publish(destroyed, List.of("destroyed"));
	}

	public void destroyVmSilently(UUID uuid) {
		destroyed(uuid);
	}

	/** Forgets a VM entirely (a hard delete: {@code GET /vms/:uuid} answers 404) and publishes an item. */
	public void deleteVm(UUID uuid) {
		Vm removed = vms.remove(uuid);
		sorted.remove(uuid.toString());
		if (removed != null) {
			publish(removed, List.of("state", "destroyed"));
		}
	}

	public Optional<Vm> vm(UUID uuid) {
		return Optional.ofNullable(vms.get(uuid));
	}

	/** The VMs a correct listener holds: those that are neither destroyed nor failed. */
	public Map<UUID, Vm> activeVms() {
		Map<UUID, Vm> active = new java.util.HashMap<>();
		vms.values().stream().filter(vm -> !vm.isGone()).forEach(vm -> active.put(vm.uuid(), vm));
		return active;
	}

	/**
	 * Lists a VM object exactly as given (it may be invalid): for testing that a
	 * listener skips it and keeps the rest of the page.
	 */
	public void putRawListedVm(String vmJson) {
		ObjectNode node = (ObjectNode) json.readTree(vmJson);
		rawVms.put(node.path("uuid").asString(), node);
	}

	public void putServer(Server server) {
		servers.put(server.uuid(), server);
	}

	public void removeServer(UUID uuid) {
		servers.remove(uuid);
	}

	// ----- faults -----

	/** The next {@code count} REST requests (not the WebSocket) answer {@code status}. */
	public void failNextRequests(int count, int status) {
		failStatus.set(status);
		failNext.set(count);
	}

	/** The next {@code count} {@code GET /vms} pages are not JSON. */
	public void malformNextPages(int count) {
		malformNextPages.set(count);
	}

	/** Every item is sent this many times (the real publisher sends one copy per matching sub-resource). */
	public void duplicateItems(int copies) {
		duplicates.set(copies);
	}

	/** Sends a text frame as is to every connected listener. */
	public void sendRawFrame(String text) {
		rawFrames.tryEmitNext(text);
	}

	/** Closes every change-feed connection abruptly (no close handshake). */
	public void dropConnections() {
		sockets.forEach(Connection::dispose);
	}

	/** While on, change-feed connections stay open but carry nothing, not even pongs. */
	public void blackHole(boolean on) {
		blackHole.set(on);
	}

	/** While on, the probe answers 503 and no listener can register. */
	public void refuseChangeFeed(boolean on) {
		refuseFeed.set(on);
		if (on) {
			dropConnections();
		}
	}

	public int listenerCount() {
		return publisher.listenerCount();
	}

	public long listRequestCount() {
		return listRequests.get();
	}

	public long getRequestCount() {
		return getRequests.get();
	}

	/** WebSocket upgrades accepted since start. */
	public long upgradeCount() {
		return upgrades.get();
	}

	@Override
	public void close() {
		server.disposeNow();
	}

	// ----- handlers -----

	private Publisher<Void> listVms(HttpServerRequest request, HttpServerResponse response) {
		listRequests.incrementAndGet();
		Publisher<Void> fault = fault(response);
		if (fault != null) {
			return fault;
		}
		Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
		for (String name : params.keySet()) {
			if (!LIST_PARAMS.contains(name) && !name.startsWith("tag.")) {
				return validationFailed(response, name, "unknown parameter");
			}
		}
		if (params.containsKey("marker") && params.containsKey("offset")) {
			return validationFailed(response, "marker", "marker and offset cannot be used together");
		}
		int limit = 1000;
		if (params.containsKey("limit")) {
			try {
				limit = Integer.parseInt(params.get("limit").get(0));
			}
			catch (NumberFormatException ex) {
				limit = -1;
			}
			if (limit < 1 || limit > 1000) {
				return validationFailed(response, "limit", "not a valid number: must be 1..1000");
			}
		}
		String state = first(params, "state");
		String owner = first(params, "owner_uuid");
		String serverUuid = first(params, "server_uuid");
		String marker = first(params, "marker");
		String markerUuid = null;
		if (marker != null) {
			try {
				markerUuid = json.readTree(marker).path("uuid").asString();
			}
			catch (RuntimeException ex) {
				return validationFailed(response, "marker", "not a JSON object with a uuid");
			}
		}
		// uuid descending, as VMAPI sorts. The page's rows are read from the sorted index from the
		// marker on, so a page of a 100,000-VM listing costs what VMAPI's indexed query would, not a
		// scan of all. VMAPI asks for limit + 1 rows from the marker on and drops the marker's own VM.
		int rows = marker != null ? limit + 1 : limit;
		String from = markerUuid;
		java.util.PriorityQueue<Row> top = new java.util.PriorityQueue<>(rows + 1, Comparator.comparing(Row::uuid));
		java.util.function.Consumer<Row> offer = row -> {
			if (from != null && row.uuid().compareTo(from) > 0) {
				return;
			}
			if (top.size() < rows) {
				top.add(row);
			}
			else if (row.uuid().compareTo(top.peek().uuid()) > 0) {
				top.poll();
				top.add(row);
			}
		};
		String uuidsParam = first(params, "uuids");
		Set<UUID> uuids = uuidsParam == null ? null
				: java.util.Arrays.stream(uuidsParam.split(","))
					.map(String::trim)
					.filter(text -> !text.isEmpty())
					.map(text -> TritonUuid.parseLenient(text).orElse(null))
					.filter(Objects::nonNull)
					.collect(java.util.stream.Collectors.toSet());
		java.util.function.Predicate<Vm> matches = vm -> (state == null || matchesState(vm, state))
				&& (owner == null || vm.ownerUuid().toString().equals(owner))
				&& (serverUuid == null || Objects.toString(vm.serverUuid()).equals(serverUuid))
				&& (uuids == null || uuids.contains(vm.uuid()));
		java.util.NavigableMap<String, UUID> index = sorted;
		if (uuids != null) {
			index = new java.util.TreeMap<>();
			for (UUID uuid : uuids) {
				index.put(uuid.toString(), uuid);
			}
		}
		java.util.stream.Stream<Vm> counted = uuids == null ? vms.values().stream()
				: index.values().stream().map(vms::get).filter(Objects::nonNull);
		int[] count = { (int) counted.filter(matches).count() + rawVms.size() };
		int taken = 0;
		for (Map.Entry<String, UUID> entry : (from == null ? index.descendingMap()
				: index.headMap(from, true).descendingMap()).entrySet()) {
			if (taken >= rows) {
				break;
			}
			Vm vm = vms.get(entry.getValue());
			if (vm != null && matches.test(vm)) {
				offer.accept(new Row(entry.getKey(), vm, null));
				taken++;
			}
		}
		// Raw VMs (tests of invalid objects, a few) are offered all; the page keeps the top rows of both.
		rawVms.values().forEach(raw -> offer.accept(new Row(raw.path("uuid").asString(), null, raw)));
		List<Row> selected = new ArrayList<>(top);
		selected.sort(Comparator.comparing(Row::uuid).reversed());
		List<ObjectNode> page = selected.stream().map(Row::json).toList();
		if (marker != null) {
			page = !page.isEmpty() && page.get(0).path("uuid").asString().equals(markerUuid)
					? page.subList(1, page.size()) : page;
		}
		if (malformNextPages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			return json(response, 200, "[{\"uuid\": \"truncated");
		}
		ArrayNode body = json.createArrayNode();
		page.forEach(body::add);
		response.header("x-joyent-resource-count", Integer.toString(count[0]));
		return json(response, 200, body.toString());
	}

	/** A listed row: a VM, or a raw VM object listed as given. */
	private record Row(String uuid, Vm vm, ObjectNode raw) {

		ObjectNode json() {
			return raw != null ? raw : VmJson.write(vm);
		}

	}

	private static boolean matchesState(Vm vm, String state) {
		if ("active".equals(state)) {
			return !vm.isGone();
		}
		return vm.state().wireName().equals(state);
	}

	private Publisher<Void> getVm(HttpServerRequest request, HttpServerResponse response) {
		getRequests.incrementAndGet();
		Publisher<Void> fault = fault(response);
		if (fault != null) {
			return fault;
		}
		Optional<Vm> vm = TritonUuid.parseLenient(request.param("uuid")).map(vms::get);
		if (vm.isEmpty()) {
			return json(response, 404, "{\"code\":\"ResourceNotFound\",\"message\":\"VM not found\"}");
		}
		return json(response, 200, VmJson.write(vm.get()).toString());
	}

	private Publisher<Void> listServers(HttpServerRequest request, HttpServerResponse response) {
		Publisher<Void> fault = fault(response);
		if (fault != null) {
			return fault;
		}
		Map<String, List<String>> params = new QueryStringDecoder(request.uri()).parameters();
		int limit = Integer.parseInt(Optional.ofNullable(first(params, "limit")).orElse("1000"));
		int offset = Integer.parseInt(Optional.ofNullable(first(params, "offset")).orElse("0"));
		ArrayNode body = json.createArrayNode();
		servers.values()
			.stream()
			.sorted(Comparator.comparing(s -> s.uuid().toString()))
			.skip(offset)
			.limit(limit)
			.forEach(s -> body.add(ServerJson.write(s)));
		return json(response, 200, body.toString());
	}

	private Publisher<Void> getServer(HttpServerRequest request, HttpServerResponse response) {
		Optional<Server> found = TritonUuid.parseLenient(request.param("uuid")).map(servers::get);
		if (found.isEmpty()) {
			return json(response, 404, "{\"code\":\"ResourceNotFound\",\"message\":\"server not found\"}");
		}
		return json(response, 200, ServerJson.write(found.get()).toString());
	}

	private Publisher<Void> changefeeds(HttpServerRequest request, HttpServerResponse response) {
		boolean upgrade = request.requestHeaders().containsValue("Upgrade", "websocket", true);
		if (refuseFeed.get()) {
			return json(response, 503, "{\"code\":\"ServiceUnavailable\",\"message\":\"moray buckets not set up\"}");
		}
		if (!upgrade) {
			Publisher<Void> fault = fault(response);
			return fault != null ? fault : json(response, 200, publisher.resources().toString());
		}
		upgrades.incrementAndGet();
		return response.sendWebsocket(this::socket, WebsocketServerSpec.builder().handlePing(true).build());
	}

	private Publisher<Void> socket(WebsocketInbound in, WebsocketOutbound out) {
		in.withConnection(connection -> {
			sockets.add(connection);
			connection.onDispose(() -> sockets.remove(connection));
		});
		Sinks.Many<WebSocketFrame> control = Sinks.many().unicast().onBackpressureBuffer();
		Flux<String> texts = in.aggregateFrames().receiveFrames().doOnNext(frame -> {
			if (frame instanceof PingWebSocketFrame ping && !blackHole.get()) {
				synchronized (control) {
					// A copy: the ping frame is released once this callback returns.
					control.tryEmitNext(new PongWebSocketFrame(Unpooled.copiedBuffer(ping.content())));
				}
			}
		// Not filter(): a filtered-out frame is released by Reactor Netty's discard hook, and then
		// again after onNext, which fails the socket (IllegalReferenceCountException, close 1002).
		}).concatMap(frame -> frame instanceof TextWebSocketFrame text ? Mono.just(text.text()) : Mono.empty());
		Flux<WebSocketFrame> published = publisher.session(texts).concatMap(frame -> {
			if (frame instanceof ChangeFeedPublisher.Frame.Close close) {
				return Flux.just(new CloseWebSocketFrame(close.code(), close.reason()));
			}
			String text = ((ChangeFeedPublisher.Frame.Text) frame).payload();
			return Flux.just(new TextWebSocketFrame(text));
		});
		Flux<WebSocketFrame> raw = rawFrames.asFlux().map(TextWebSocketFrame::new);
		return out.sendObject(Flux.merge(published, raw, control.asFlux())
			.filter(frame -> !blackHole.get() || frame instanceof CloseWebSocketFrame));
	}

	// ----- helpers -----

	private void publish(Vm vm, List<String> subResources) {
		if (subResources.isEmpty()) {
			return;
		}
		ChangeItem item = new ChangeItem("vm", subResources, vm.uuid().toString(), VmJson.write(vm),
				Long.toString(System.currentTimeMillis()));
		for (int i = 0; i < duplicates.get(); i++) {
			publisher.publish(item);
		}
	}

	private static List<String> changedFields(Vm previous, Vm current) {
		ObjectNode before = previous == null ? JsonMapper.shared().createObjectNode() : VmJson.write(previous);
		ObjectNode after = VmJson.write(current);
		List<String> changed = new ArrayList<>();
		for (String field : after.propertyNames()) {
			if (!after.get(field).equals(before.get(field)) && !after.get(field).isNull()) {
				changed.add(field);
			}
		}
		return changed;
	}

	private Vm destroyed(UUID uuid) {
		Vm vm = vms.get(uuid);
		if (vm == null) {
			throw new IllegalArgumentException("no VM " + uuid);
		}
		Vm destroyed = new Vm(vm.uuid(), vm.alias(), vm.ownerUuid(), vm.serverUuid(), VmState.DESTROYED, vm.brand(),
				vm.imageUuid(), vm.tags(), vm.createTimestamp(), Instant.now(), Instant.now());
		vms.put(uuid, destroyed);
		return destroyed;
	}

	private Publisher<Void> fault(HttpServerResponse response) {
		if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			int status = failStatus.get();
			return json(response, status,
					"{\"code\":\"ServiceUnavailable\",\"message\":\"injected failure " + status + "\"}");
		}
		return null;
	}

	private Publisher<Void> validationFailed(HttpServerResponse response, String field, String message) {
		return json(response, 409, "{\"code\":\"ValidationFailed\",\"message\":\"Invalid Parameters\",\"errors\":[{\"field\":\""
				+ field + "\",\"code\":\"Invalid\",\"message\":\"" + message + "\"}]}");
	}

	private static String first(Map<String, List<String>> params, String name) {
		List<String> values = params.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	private static Mono<Void> json(HttpServerResponse response, int status, String body) {
		return response.status(HttpResponseStatus.valueOf(status))
			.header("Content-Type", "application/json")
			.sendString(Mono.just(body), StandardCharsets.UTF_8)
			.then();
	}

}
