package io.containermonitor.forwarder.standin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metric-proxy and its agents in one in-process HTTPS server, as a tenant's
 * forwarder sees them: mTLS (a client certificate is required and must name the
 * account), routing by the Host header's first label ({@code cmon} = discovery,
 * a VM uuid = that VM's metrics), {@code /v1/discover} as in the CMON spec §2.4,
 * gzip when asked. Each container answers scrapes through its own {@link Behaviour}.
 */
public final class CmonStandIn implements AutoCloseable {

	private final HttpsServer server;

	private final AtomicInteger threads = new AtomicInteger();

	private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
		Thread thread = new Thread(runnable, "cmon-standin-" + threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private final String account;

	private final Map<UUID, Container> containers = new ConcurrentHashMap<>();

	private final List<String> discoverQueries = new CopyOnWriteArrayList<>();

	private final List<String> rejected = new CopyOnWriteArrayList<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	public CmonStandIn(SSLContext ssl, String account) throws IOException {
		this.account = account;
		this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
			@Override
			public void configure(HttpsParameters params) {
				SSLParameters parameters = ssl.getDefaultSSLParameters();
				parameters.setNeedClientAuth(true);
				params.setSSLParameters(parameters);
			}
		});
		server.createContext("/", this::handle);
		server.setExecutor(executor);
		server.start();
	}

	public int port() {
		return server.getAddress().getPort();
	}

	/** Adds a running container of the account, answering scrapes with {@code behaviour}. */
	public void add(UUID vm, String alias, UUID serverUuid, List<String> groups, Behaviour behaviour) {
		containers.put(vm, new Container(vm, alias, serverUuid, groups, behaviour));
	}

	/** How many scrapes of the VM were answered, whatever the status. */
	public int served(UUID vm) {
		return containers.get(vm).sequence.get();
	}

	/** When each scrape of the VM arrived. */
	public List<Instant> requests(UUID vm) {
		return List.copyOf(containers.get(vm).requests);
	}

	/** The headers of the VM's last scrape request. */
	public Map<String, List<String>> lastHeaders(UUID vm) {
		return containers.get(vm).lastHeaders;
	}

	/** The most scrapes that were being answered at the same time. */
	public int maxInFlight() {
		return maxInFlight.get();
	}

	/** The raw query string of every discovery request. */
	public List<String> discoverQueries() {
		return List.copyOf(discoverQueries);
	}

	/** Requests refused (bad Host, no or wrong certificate), for diagnosis. */
	public List<String> rejected() {
		return List.copyOf(rejected);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			answer(exchange);
		}
		catch (IOException | RuntimeException ex) {
			rejected.add("500 " + exchange.getRequestURI() + ": " + ex);
			throw ex;
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String cn = clientCommonName((HttpsExchange) exchange);
			if (!account.equals(cn)) {
				rejected.add("401 " + cn + " " + exchange.getRequestURI());
				send(exchange, 401, Map.of(), "{\"code\":\"UnauthorizedError\",\"message\":\"\"}");
				return;
			}
			String host = String.valueOf(exchange.getRequestHeaders().getFirst("Host")).toLowerCase(Locale.ROOT);
			String prefix = host.split("\\.", 2)[0];
			String path = exchange.getRequestURI().getPath();
			if (prefix.equals("cmon") && path.equals("/v1/discover")) {
				discover(exchange);
				return;
			}
			Container container = null;
			try {
				if (prefix.equals("cmon") && path.matches("/v1/[0-9a-f-]{36}/metrics")) {
					// metric-proxy's path form on the service host
					container = containers.get(UUID.fromString(path.substring(4, 40)));
					path = "/metrics";
				}
				else {
					container = containers.get(UUID.fromString(prefix));
				}
			}
			catch (IllegalArgumentException ex) {
				// not a uuid: falls through to 404
			}
			if (container == null || !path.equals("/metrics")) {
				rejected.add("404 " + host + " " + path);
				send(exchange, 404, Map.of(), "{\"code\":\"NotFoundError\",\"message\":\"\"}");
				return;
			}
			container.requests.add(Instant.now());
			container.lastHeaders = Map.copyOf(exchange.getRequestHeaders());
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				Response response = container.behaviour.answer(container.sequence.incrementAndGet());
				send(exchange, response.status(), response.headers(), response.body());
			}
			finally {
				inFlight.decrementAndGet();
			}
		}
	}

	private void discover(HttpExchange exchange) throws IOException {
		discoverQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
		List<Map<String, Object>> list = new ArrayList<>();
		for (Container container : containers.values()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("groups", container.groups);
			item.put("has_core_tag", false);
			item.put("server_uuid", container.serverUuid.toString());
			item.put("source", "Bootstrapper");
			item.put("vm_alias", container.alias);
			item.put("vm_brand", "lx");
			item.put("vm_image_uuid", "7b5981c4-1889-11e7-b4c5-3f3bdfc9b88b");
			item.put("vm_owner_uuid", "930896af-bf8c-48d4-885c-6573a94b1853");
			item.put("vm_uuid", container.vm.toString());
			item.put("vm_state", "running");
			item.put("cached_date", 1650000000000L);
			list.add(item);
		}
		send(exchange, 200, Map.of("Content-Type", "application/json"),
				JsonMapper.shared().writeValueAsString(Map.of("containers", list)));
	}

	private static String clientCommonName(HttpsExchange exchange) {
		try {
			X509Certificate certificate = (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
			String dn = certificate.getSubjectX500Principal().getName();
			return dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

	private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
		if (acceptEncoding != null && acceptEncoding.contains("gzip") && bytes.length > 0) {
			ByteArrayOutputStream zipped = new ByteArrayOutputStream();
			try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
				gzip.write(bytes);
			}
			bytes = zipped.toByteArray();
			exchange.getResponseHeaders().add("Content-Encoding", "gzip");
		}
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}

	/** What a container answers to its n-th scrape (from 1). */
	@FunctionalInterface
	public interface Behaviour {

		Response answer(int sequence);

	}

	/** A scrape answer. */
	public record Response(int status, Map<String, String> headers, String body) {

		public static Response metrics(String text) {
			return new Response(200, Map.of("Content-Type", "text/plain; version=0.0.4"), text);
		}

	}

	private static final class Container {

		private final UUID vm;

		private final String alias;

		private final UUID serverUuid;

		private final List<String> groups;

		private final Behaviour behaviour;

		private final AtomicInteger sequence = new AtomicInteger();

		private final List<Instant> requests = new CopyOnWriteArrayList<>();

		private volatile Map<String, List<String>> lastHeaders = Map.of();

		Container(UUID vm, String alias, UUID serverUuid, List<String> groups, Behaviour behaviour) {
			this.vm = vm;
			this.alias = alias;
			this.serverUuid = serverUuid;
			this.groups = groups;
			this.behaviour = behaviour;
		}

	}

}
