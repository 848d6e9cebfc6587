package io.containermonitor.proxy.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-process stand-ins for the proxy's upstreams, on random loopback ports:
 * <ul>
 * <li>a metric agent answering {@code /v1/<uuid>/metrics} and {@code /v1/gz/metrics} in the
 * Prometheus text format, echoing {@code x-joyent-cmon-opts}; the VM {@link #AGENT_404_VM} is
 * "not found" as a real agent says for a VM it does not have; {@code /v1/<uuid>/app/metrics}
 * answers an application's series and echoes {@code x-cmon-app-endpoint}, or fails as the
 * agent does for {@link #APP_504_VM} and {@link #APP_502_VM};</li>
 * <li>an agent that accepts connections and never answers;</li>
 * <li>a port where nothing listens (an agent that is down);</li>
 * <li>a triton-discovery that echoes the path, query and {@code X-Cmon-*} headers it received.</li>
 * </ul>
 */
public final class TestUpstreams {

	public static final String AGENT_404_VM = "0badc0de-0000-4000-8000-000000000404";

	/** Its application's scrape times out at the agent: the agent answers 504 with its message. */
	public static final String APP_504_VM = "a1000000-0000-4000-8000-0000000a0504";

	/** Its application's answer is too large: the agent answers 502 with its message. */
	public static final String APP_502_VM = "a1000000-0000-4000-8000-0000000a0502";

	public final DisposableServer agent;

	/** Another working agent, of another node. */
	public final DisposableServer secondAgent;

	public final DisposableServer hangingAgent;

	public final int deadPort;

	public final DisposableServer discovery;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** {@code # forwarded <name>: <value>} for each Forwarded, X-Forwarded-* or X-Cmon-* header the agent got. */
	private static String forwardedHeaders(io.netty.handler.codec.http.HttpHeaders headers) {
		StringBuilder lines = new StringBuilder();
		headers.forEach(header -> {
			String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
			if (name.equals("forwarded") || name.startsWith("x-forwarded-") || name.startsWith("x-cmon-")) {
				lines.append("# forwarded ").append(name).append(": ").append(header.getValue()).append('\n');
			}
		});
		return lines.toString();
	}

	public TestUpstreams() {
		agent = agent();
		secondAgent = agent();
		hangingAgent = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> Mono.never())
			.bindNow();
		deadPort = freePort();
		discovery = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			Map<String, Object> echo = new TreeMap<>();
			echo.put("uri", request.uri());
			Map<String, String> headers = new TreeMap<>();
			request.requestHeaders().forEach(h -> {
				if (h.getKey().toLowerCase().startsWith("x-cmon-")) {
					headers.merge(h.getKey().toLowerCase(), h.getValue(), (a, b) -> a + "," + b);
				}
			});
			echo.put("headers", headers);
			return response.header("Content-Type", "application/json").sendString(Mono.just(JSON.writeValueAsString(echo)));
		}).bindNow();
	}

	private static DisposableServer agent() {
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.compress(true)
			.route(routes -> routes
				.get("/v1/gz/metrics",
						(request, response) -> response.header("Content-Type", "text/plain; version=0.0.4")
							.sendString(Mono.just("# HELP node_up node\n# TYPE node_up gauge\nnode_up 1\n")))
				.get("/v1/{uuid}/app/metrics", (request, response) -> {
					String uuid = request.param("uuid");
					if (APP_504_VM.equals(uuid)) {
						return response.status(504).header("Content-Type", "application/json").sendString(Mono.just(
								"{\"code\":\"GatewayTimeout\",\"message\":\"application did not answer within 5000 ms\"}"));
					}
					if (APP_502_VM.equals(uuid)) {
						return response.status(502).header("Content-Type", "application/json").sendString(Mono.just(
								"{\"code\":\"BadGateway\",\"message\":\"the application's answer is larger than 4194304 bytes\"}"));
					}
					return response.header("Content-Type", "text/plain; version=0.0.4")
						.sendString(Mono.just("# HELP demo_up app\n# TYPE demo_up gauge\ndemo_up{vm=\"" + uuid
								+ "\"} 1\n# endpoint " + request.requestHeaders().get("x-cmon-app-endpoint") + "\n"));
				})
				.get("/v1/{uuid}/metrics", (request, response) -> {
					String uuid = request.param("uuid");
					if (AGENT_404_VM.equals(uuid)) {
						return response.status(404).sendString(Mono.just("container not found"));
					}
					return response.header("Content-Type", "text/plain; version=0.0.4")
						.sendString(Mono.just("# HELP cpu_user_usage CPU\n# TYPE cpu_user_usage counter\ncpu_user_usage{vm=\""
								+ uuid + "\"} 42\n# opts " + request.requestHeaders().get("x-joyent-cmon-opts") + "\n"
								+ forwardedHeaders(request.requestHeaders())));
				}))
			.bindNow();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
