package io.containermonitor.proxy.route;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.netty.channel.ChannelOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends an authorised scrape to its agent and streams the answer back, the bytes never copied:
 * one Reactor Netty client whose pool keeps up to {@code max-connections-per-agent} keep-alive
 * connections to each agent (per address, so one tenant's hung agent holds only its own),
 * with the upstream connect and response timeouts. The agent gets the scrape's
 * {@code Accept}, {@code Accept-Encoding}, {@code User-Agent}, {@code X-Prometheus-Scrape-Timeout-Seconds}
 * and {@code X-Request-Id} and CMON's {@code x-joyent-cmon-opts}
 * ({@code base64({"isCoreZone":bool})}), nothing else: no {@code X-Cmon-*}, no
 * {@code Forwarded}, no credentials. The answer keeps the agent's status and headers but the
 * hop-by-hop ones. An agent's error answer (400 and up) is our 502 rather than passed through
 * (CMON: 500); refused, unreachable or closed early is 502, no answer in time 504.
 */
public class AgentForwarder {

	public static final String CMON_OPTS_HEADER = "x-joyent-cmon-opts";

	/** The application endpoint the VM's tags declare, for an agent that has no label of its own. */
	public static final String APP_ENDPOINT_HEADER = "x-cmon-app-endpoint";

	/** The agent's own error answers are small JSON; more than this is not one. */
	private static final int MAX_AGENT_ERROR = 4096;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger log = LoggerFactory.getLogger(AgentForwarder.class);

	private static final String CORE_ZONE = opts(true);

	private static final String NOT_CORE_ZONE = opts(false);

	/** What a scraper says that the agent may use. */
	private static final List<AsciiString> FORWARDED_REQUEST_HEADERS = List.of(AsciiString.cached("accept"),
			AsciiString.cached("accept-encoding"), AsciiString.cached("user-agent"),
			AsciiString.cached("x-prometheus-scrape-timeout-seconds"), AsciiString.cached("x-request-id"));

	/** RFC 9110 §7.6.1 and the old proxy ones: they describe one connection, not the answer. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

	private final HttpClient agents;

	private final ProxyMetrics metrics;

	public AgentForwarder(ProxyProperties.Upstream upstream, ProxyMetrics metrics) {
		this.metrics = metrics;
		ConnectionProvider pool = ConnectionProvider.builder("cmon-agents")
			.maxConnections(upstream.maxConnectionsPerAgent())
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(upstream.connectTimeout())
			.maxIdleTime(upstream.idleTimeout())
			.build();
		this.agents = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) upstream.connectTimeout().toMillis())
			.responseTimeout(upstream.responseTimeout())
			.keepAlive(true);
	}

	public Mono<Void> forward(ScrapeTarget target, HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		HttpHeaders incoming = request.requestHeaders();
		return agents.request(HttpMethod.GET).uri(target.agentUrl()).send((agentRequest, outbound) -> {
			for (AsciiString name : FORWARDED_REQUEST_HEADERS) {
				String value = incoming.get(name);
				if (value != null) {
					agentRequest.header(name, value);
				}
			}
			agentRequest.header(CMON_OPTS_HEADER, target.coreZone() ? CORE_ZONE : NOT_CORE_ZONE);
			if (target.isApp()) {
				agentRequest.header(APP_ENDPOINT_HEADER, target.app().toHeader());
			}
			return outbound;
		}).responseConnection((answer, connection) -> {
			int status = answer.status().code();
			metrics.upstream(target.route(), status >= 400 ? "error_status" : "ok", System.nanoTime() - start);
			if (status >= 400 && target.isApp()) {
				return connection.inbound().receive().aggregate().asString().defaultIfEmpty("")
					.flatMap(body -> Mono.<Void>error(appFailure(target, status, body)));
			}
			if (status >= 400) {
				log.debug("Agent {} answered {} for {}", target.agentUrl(), status, target.uuid());
				// Read to the end so that the connection goes back to the pool.
				return connection.inbound()
					.receive()
					.then(Mono.<Void>error(new ProxyErrorException(ProxyError.BAD_GATEWAY, "metric agent answered " + status)));
			}
			response.status(answer.status());
			for (Map.Entry<String, String> header : answer.responseHeaders()) {
				if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
					response.addHeader(header.getKey(), header.getValue());
				}
			}
			return response.send(connection.inbound().receive().retain()).then();
		}).then().onErrorMap(ex -> !(ex instanceof ProxyErrorException), ex -> {
			metrics.upstream(target.route(), "failed", System.nanoTime() - start);
			return toProxyError(target, ex);
		});
	}

	/**
	 * The agent's answer to an application scrape that failed, passed on: its 404 is the one 404
	 * (the container declares nothing), its 502, 503 and 504 keep their status and the agent's
	 * message, which says what the application did (the agent wrote it, not the application).
	 */
	private static ProxyErrorException appFailure(ScrapeTarget target, int status, String body) {
		log.debug("Agent {} answered {} for the application of {}: {}", target.agentUrl(), status, target.uuid(), body);
		ProxyError error = switch (status) {
			case 404 -> ProxyError.NOT_FOUND;
			case 503 -> ProxyError.SERVICE_UNAVAILABLE;
			case 504 -> ProxyError.GATEWAY_TIMEOUT;
			default -> ProxyError.BAD_GATEWAY;
		};
		if (error == ProxyError.NOT_FOUND) {
			return new ProxyErrorException(error);
		}
		String message = "metric agent answered " + status;
		if (status == 502 || status == 503 || status == 504) {
			message = agentMessage(body).orElse(message);
		}
		return new ProxyErrorException(error, message);
	}

	private static Optional<String> agentMessage(String body) {
		if (body.length() > MAX_AGENT_ERROR) {
			return Optional.empty();
		}
		try {
			JsonNode message = JSON.readTree(body).path("message");
			return message.isString() ? Optional.of(message.asString()) : Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static ProxyErrorException toProxyError(ScrapeTarget target, Throwable ex) {
		// TimeoutException includes the pool's: every connection to this agent busy for connect-timeout.
		if (isCause(ex, ReadTimeoutException.class) || isCause(ex, TimeoutException.class)) {
			log.debug("Agent {} timed out for {}: {}", target.agentUrl(), target.uuid(), ex.toString());
			return new ProxyErrorException(ProxyError.GATEWAY_TIMEOUT, "metric agent did not answer in time");
		}
		if (isCause(ex, ConnectException.class) || isCause(ex, PrematureCloseException.class)) {
			log.debug("Agent {} unreachable for {}: {}", target.agentUrl(), target.uuid(), ex.toString());
			return new ProxyErrorException(ProxyError.BAD_GATEWAY, "metric agent is unreachable");
		}
		log.error("Unexpected failure calling agent {} for {}", target.agentUrl(), target.uuid(), ex);
		return new ProxyErrorException(ProxyError.BAD_GATEWAY, "metric agent is unreachable");
	}

	private static boolean isCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	private static String opts(boolean coreZone) {
		return Base64.getEncoder()
			.encodeToString(("{\"isCoreZone\":" + coreZone + "}").getBytes(StandardCharsets.UTF_8));
	}

	/** Closes the agent connections. */
	public void dispose() {
		agents.configuration().connectionProvider().dispose();
	}

}
