package io.containermonitor.core.triton.changefeed;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;

/**
 * A listener of VMAPI's change feed, speaking what the real publisher expects
 * (changefeed-observed.md): probe {@code GET /changefeeds}, upgrade with
 * {@code Accept-Version: ~1} and no sub-protocol, one V1 registration frame,
 * then a bootstrap frame and change items. It reconnects for ever with
 * exponential backoff, replaces a connection that stops answering pings, and
 * skips (logs and counts) a malformed item instead of dying on it.
 */
public class ChangeFeedListener {

	private static final Logger logger = LoggerFactory.getLogger(ChangeFeedListener.class);

	private final HttpClient http;

	private final URI baseUrl;

	private final ChangeFeedSettings settings;

	private final ChangeFeedCodec codec;

	private final ChangeFeedHandler handler;

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean connected = new AtomicBoolean();

	private final AtomicLong connects = new AtomicLong();

	private final AtomicLong malformedFrames = new AtomicLong();

	private final AtomicLong items = new AtomicLong();

	private final AtomicReference<Duration> lastItemLag = new AtomicReference<>(Duration.ZERO);

	private volatile Disposable loop;

	public ChangeFeedListener(HttpClient http, URI baseUrl, ChangeFeedSettings settings, ChangeFeedCodec codec,
			ChangeFeedHandler handler) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.settings = settings;
		this.codec = codec;
		this.handler = handler;
	}

	public synchronized void start() {
		if (loop != null && !loop.isDisposed()) {
			return;
		}
		logger.info("Change-feed listener {} ({}) following {} {}", settings.instance(), settings.service(), baseUrl,
				settings.subResources());
		loop = Mono.defer(this::connectOnce)
			.onErrorResume(ex -> {
				logger.warn("Change feed at {}: {}", baseUrl, ex.toString());
				return Mono.empty();
			})
			.then(Mono.defer(() -> {
				connected.set(false);
				Duration delay = settings.backoff(failures.getAndIncrement());
				logger.debug("Change feed at {}: reconnecting in {}", baseUrl, delay);
				return Mono.delay(delay);
			}))
			.repeat()
			.subscribe();
	}

	public synchronized void stop() {
		if (loop != null) {
			loop.dispose();
			loop = null;
		}
		connected.set(false);
	}

	/** Whether a registration is bootstrapped and its connection alive. */
	public boolean isConnected() {
		return connected.get();
	}

	/** Successful bootstraps since start; every one after the first is a reconnect. */
	public long connectCount() {
		return connects.get();
	}

	public long malformedFrameCount() {
		return malformedFrames.get();
	}

	public long itemCount() {
		return items.get();
	}

	/** How long the last item took from the publisher's {@code published} stamp to us. */
	public Duration lastItemLag() {
		return lastItemLag.get();
	}

	private Mono<Void> connectOnce() {
		URI probe = baseUrl.resolve("/changefeeds");
		URI socket = URI.create(("https".equals(baseUrl.getScheme()) ? "wss" : "ws") + "://" + baseUrl.getRawAuthority()
				+ "/changefeeds");
		return http.get()
			.uri(probe)
			.responseSingle((response, body) -> {
				int status = response.status().code();
				return body.then(status >= 200 && status < 300 ? Mono.<Void>empty()
						: Mono.error(new IllegalStateException("probe GET /changefeeds answered " + status)));
			})
			.then(http.headers(h -> h.set("Accept-Version", "~1"))
				.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(64 * 1024 * 1024).build())
				.uri(socket)
				.handle(this::session)
				.then());
	}

	private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out) {
		AtomicLong lastPong = new AtomicLong(System.nanoTime());
		AtomicBoolean bootstrapped = new AtomicBoolean();
		in.receiveCloseStatus()
			.subscribe(status -> logger.warn("Change feed at {} closed by the publisher: {} {}", baseUrl,
					status.code(), status.reasonText()));

		String registration = codec.registration(settings.instance(), settings.service(), settings.resource(),
				settings.subResources());
		long deadAfter = settings.pingInterval().plus(settings.pingTimeout()).toNanos();
		long connectedAt = System.nanoTime();
		Flux<WebSocketFrame> pings = Flux.interval(settings.pingInterval()).map(tick -> {
			if (!bootstrapped.get() && System.nanoTime() - connectedAt > deadAfter) {
				// A publisher that answers pings but never bootstraps would hold us for ever.
				throw new DeadConnectionException("no bootstrap frame within " + Duration.ofNanos(deadAfter).toMillis() + " ms");
			}
			if (System.nanoTime() - lastPong.get() > deadAfter) {
				throw new DeadConnectionException(
						"no pong for " + Duration.ofNanos(System.nanoTime() - lastPong.get()).toMillis() + " ms");
			}
			return new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] { 'c', 'm', 'o', 'n' }));
		});
		Flux<WebSocketFrame> heartbeats = Flux.interval(settings.heartbeatInterval())
			.map(tick -> new TextWebSocketFrame("heartbeat"));
		Mono<Void> outbound = out
			.sendObject(Flux.<WebSocketFrame>just(new TextWebSocketFrame(registration))
				.concatWith(Flux.merge(pings, heartbeats)))
			.then();

		Mono<Void> inbound = in.aggregateFrames().receiveFrames().doOnNext(frame -> {
			if (frame instanceof PongWebSocketFrame) {
				lastPong.set(System.nanoTime());
			}
			else if (frame instanceof TextWebSocketFrame text) {
				// Any frame proves the connection alive, not only a pong.
				lastPong.set(System.nanoTime());
				onText(text.text(), bootstrapped);
			}
		}).then();
		return Mono.firstWithSignal(inbound, outbound);
	}

	private void onText(String text, AtomicBoolean bootstrapped) {
		if (!bootstrapped.get()) {
			JsonNode frame = codec.parse(text);
			if (!codec.isBootstrap(frame)) {
				throw new MalformedFrameException("expected the bootstrap frame, got " + ChangeFeedCodec.abbreviate(text));
			}
			bootstrapped.set(true);
			failures.set(0);
			connected.set(true);
			connects.incrementAndGet();
			logger.info("Change feed at {} bootstrapped; resyncing", baseUrl);
			handler.bootstrap();
			return;
		}
		ChangeItem item;
		try {
			JsonNode frame = codec.parse(text);
			if (codec.isBootstrap(frame)) {
				throw new ProtocolException("a second bootstrap frame on one connection");
			}
			item = codec.readItem(frame);
		}
		catch (MalformedFrameException ex) {
			malformedFrames.incrementAndGet();
			logger.warn("Change feed at {}: skipping a malformed frame: {}", baseUrl, ex.getMessage());
			return;
		}
		items.incrementAndGet();
		recordLag(item.published());
		handler.change(item);
	}

	private void recordLag(String published) {
		if (published == null) {
			return;
		}
		try {
			long millis = Long.parseLong(published);
			lastItemLag.set(Duration.between(Instant.ofEpochMilli(millis), Instant.now()));
		}
		catch (NumberFormatException ex) {
			// "published" is informational; a strange stamp does not spoil the item.
		}
	}

	/** The connection stopped answering pings: replace it. */
	static class DeadConnectionException extends RuntimeException {

		DeadConnectionException(String message) {
			super(message);
		}

	}

	/** The publisher broke the protocol in a way that needs a new connection and a resync. */
	static class ProtocolException extends RuntimeException {

		ProtocolException(String message) {
			super(message);
		}

	}

}
