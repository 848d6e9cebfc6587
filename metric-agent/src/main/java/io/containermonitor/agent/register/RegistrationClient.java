package io.containermonitor.agent.register;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.NodeIdentity;
import io.containermonitor.agent.container.ContainerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Standalone mode: registers this node and its containers with triton-discovery
 * ({@code PUT <url>/v1/registry/servers/<server_uuid>}, bearer token) on start, every
 * heartbeat interval (the server's {@code heartbeat_interval_seconds} wins), and
 * promptly when the container list changes. While discovery is down it retries with
 * exponential back-off ({@code initial-backoff} doubling to {@code max-backoff});
 * container changes then wait for the next retry, which sends the latest list.
 * When the server answers a push with {@code vms_digest}, heartbeats while the list is
 * unchanged send only that digest ({@code PUT .../heartbeat}); a 409 or 404 there (the server
 * restarted or lost the list) sends the full list at once. A server that answers no digest
 * gets the full list every time, as before.
 * Off unless {@code cmon.agent.registration.url} is set.
 */
@Component
@ConditionalOnProperty(prefix = "cmon.agent.registration", name = "url")
public class RegistrationClient implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RegistrationClient.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AgentProperties.Registration settings;

	private final NodeIdentity node;

	private final ContainerDirectory inventory;

	private final HttpClient http;

	private final URI endpoint;

	private final URI heartbeatEndpoint;

	/** The digest the server answered for our last full push, or null: send the full list. */
	private String digest;

	/** {@link #changes} when that push was built. */
	private long digestChanges = -1;

	private ScheduledExecutorService scheduler;

	private ScheduledFuture<?> next;

	private Duration heartbeat;

	private Duration backoff;

	private boolean failing;

	/** Counts container-list changes, so a change during a registration call is sent right after it. */
	private long changes;

	public RegistrationClient(AgentProperties properties, NodeIdentity node, ContainerDirectory inventory) {
		this.settings = properties.registration();
		this.node = node;
		this.inventory = inventory;
		this.heartbeat = settings.heartbeatInterval();
		this.backoff = settings.initialBackoff();
		String base = settings.url().toString().replaceAll("/+$", "");
		this.endpoint = URI.create(base + "/v1/registry/servers/" + node.serverUuid());
		this.heartbeatEndpoint = URI.create(endpoint + "/heartbeat");
		this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
	}

	@Override
	public synchronized void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "registration");
			t.setDaemon(true);
			return t;
		});
		inventory.addListener(containers -> containersChanged());
		log.info("registering server {} with {} every {}", node.serverUuid(), endpoint, heartbeat);
		schedule(Duration.ZERO);
	}

	private synchronized void containersChanged() {
		changes++;
		if (scheduler != null && !failing) {
			schedule(Duration.ZERO);
		}
	}

	private synchronized void schedule(Duration delay) {
		if (scheduler == null) {
			return;
		}
		if (next != null) {
			next.cancel(false);
		}
		next = scheduler.schedule(this::register, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void register() {
		long sent;
		String known;
		synchronized (this) {
			sent = changes;
			known = digestChanges == sent ? digest : null;
		}
		boolean full = known == null;
		String body = full ? JSON.writeValueAsString(RegistrationPayload.of(node, settings, inventory.all()))
				: "{\"vms_digest\":\"" + known + "\"}";
		HttpRequest.Builder request = HttpRequest.newBuilder(full ? endpoint : heartbeatEndpoint)
			.timeout(settings.requestTimeout())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body));
		if (settings.token() != null && !settings.token().isEmpty()) {
			request.header("Authorization", "Bearer " + settings.token());
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (!full && (response.statusCode() == 409 || response.statusCode() == 404)) {
				resendFullList();
				return;
			}
			if (response.statusCode() / 100 != 2) {
				throw new IOException("HTTP " + response.statusCode());
			}
			succeeded(response.body(), sent, full);
		}
		catch (IOException ex) {
			failed(ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			failed(ex.toString());
		}
	}

	/** The server does not hold our list (it restarted): the full list, now. */
	private synchronized void resendFullList() {
		digest = null;
		digestChanges = -1;
		schedule(Duration.ZERO);
	}

	private synchronized void succeeded(String body, long sent, boolean full) {
		if (failing) {
			log.info("registered server {} with {} again", node.serverUuid(), endpoint);
		}
		failing = false;
		backoff = settings.initialBackoff();
		Duration interval = settings.heartbeatInterval();
		try {
			JsonNode answer = JSON.readTree(body);
			if (full) {
				JsonNode given = answer == null ? null : answer.get("vms_digest");
				digest = given != null && given.isString() ? given.asString() : null;
				digestChanges = sent;
			}
			if (answer != null && answer.path("heartbeat_interval_seconds").canConvertToLong()) {
				long seconds = answer.get("heartbeat_interval_seconds").asLong();
				if (seconds > 0) {
					interval = Duration.ofSeconds(seconds);
				}
			}
		}
		catch (RuntimeException ex) {
			// An unreadable answer to a successful PUT keeps our own interval.
		}
		heartbeat = interval;
		schedule(changes != sent ? Duration.ZERO : heartbeat);
	}

	private synchronized void failed(String why) {
		if (!failing) {
			log.warn("cannot register server {} with {}: {}; retrying with back-off", node.serverUuid(), endpoint,
					why);
		}
		failing = true;
		Duration wait = backoff;
		Duration doubled = backoff.multipliedBy(2);
		backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
		schedule(wait);
	}

	/** The heartbeat interval in force (the server's answer, or the configured one). */
	public synchronized Duration heartbeatInterval() {
		return heartbeat;
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return scheduler != null;
	}

}
