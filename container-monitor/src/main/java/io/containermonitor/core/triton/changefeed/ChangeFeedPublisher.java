package io.containermonitor.core.triton.changefeed;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The publisher side of the change feed, independent of the WebSocket server it
 * runs in: validates a listener's registration, answers with the bootstrap
 * frame, then sends each published item whose sub-resources the listener asked
 * for. Behaves as Triton's publisher does where Triton's Listener depends on it
 * (one bootstrap, then items; CLOSE 1000 with a reason on a bad registration;
 * only the first inbound text frame counts; the newest registration of an
 * instance wins), without its duplicate sends.
 */
public class ChangeFeedPublisher {

	private static final Logger logger = LoggerFactory.getLogger(ChangeFeedPublisher.class);

	/** Items buffered per listener before the slowest one is cut off (it then reconnects and resyncs). */
	private static final int LISTENER_BUFFER = 16_384;

	private final ChangeFeedResource resource;

	private final ChangeFeedCodec codec;

	private final JsonMapper json;

	private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

	public ChangeFeedPublisher(ChangeFeedResource resource) {
		this(resource, JsonMapper.shared());
	}

	public ChangeFeedPublisher(ChangeFeedResource resource, JsonMapper json) {
		this.resource = resource;
		this.json = json;
		this.codec = new ChangeFeedCodec(json);
	}

	/** What the server sends on a socket. */
	public sealed interface Frame {

		record Text(String payload) implements Frame {
		}

		record Close(int code, String reason) implements Frame {
		}

	}

	/**
	 * One listener's socket: the first inbound text frame is its registration;
	 * everything after it (heartbeats) is ignored.
	 */
	public Flux<Frame> session(Flux<String> inboundText) {
		// The inbound side is drained to its end, so that heartbeats are read and a
		// listener that goes away ends its session and its registration.
		return inboundText.switchOnFirst((first, all) -> {
			if (!first.hasValue()) {
				return Flux.<Frame>empty();
			}
			return register(first.get()).takeUntilOther(all.then());
		});
	}

	private Flux<Frame> register(String text) {
		Registration registration;
		try {
			registration = parseRegistration(text);
		}
		catch (MalformedFrameException ex) {
			logger.warn("Change-feed registration rejected: {}", ex.getMessage());
			return Flux.just(new Frame.Close(1000, ex.getMessage()));
		}
		registrations.put(registration.instance(), registration);
		logger.info("Change-feed listener {} ({}) registered for {} {}", registration.instance(),
				registration.service(), resource.resource(), registration.subResources());
		Flux<Frame> items = registration.sink().asFlux().map(Frame.Text::new);
		return Flux.<Frame>just(new Frame.Text(codec.bootstrap(resource)))
			.concatWith(items)
			.doFinally(signal -> registrations.remove(registration.instance(), registration));
	}

	private Registration parseRegistration(String text) {
		JsonNode node = codec.parse(text);
		JsonNode instance = node.get("instance");
		JsonNode kind = node.get("changeKind");
		if (instance == null || !instance.isString() || kind == null || !kind.isObject()
				|| kind.get("resource") == null || !kind.get("resource").isString()
				|| kind.get("subResources") == null || !kind.get("subResources").isArray()) {
			throw new MalformedFrameException("failed to parse v1 registration payload");
		}
		String name = kind.get("resource").asString();
		if (!resource.resource().equals(name)) {
			throw new MalformedFrameException("unknown resource: " + name);
		}
		java.util.Set<String> subs = new java.util.HashSet<>();
		kind.get("subResources").forEach(s -> subs.add(s.asString()));
		JsonNode service = node.get("service");
		return new Registration(instance.asString(), service == null ? "" : service.asString(), subs, Instant.now(),
				Sinks.many().unicast().onBackpressureBuffer(new java.util.concurrent.ArrayBlockingQueue<>(LISTENER_BUFFER)));
	}

	/** Sends the item, once, to every listener subscribed to any of its sub-resources. */
	public void publish(ChangeItem item) {
		String frame = codec.item(item);
		for (Registration registration : registrations.values()) {
			if (item.subResources().stream().anyMatch(registration.subResources()::contains)) {
				Sinks.EmitResult result;
				synchronized (registration) {
					result = registration.sink().tryEmitNext(frame);
				}
				if (result.isFailure()) {
					logger.warn("Change-feed listener {} cannot keep up ({}); closing it so that it resyncs",
							registration.instance(), result);
					registration.sink().tryEmitError(new IllegalStateException("listener too slow"));
				}
			}
		}
	}

	/** {@code GET /changefeeds}: an object keyed by resource name (what the code serves, not the docs' array). */
	public JsonNode resources() {
		ObjectNode node = json.createObjectNode();
		node.set(resource.resource(), codec.resourceNode(resource));
		return node;
	}

	/** {@code GET /changefeeds/stats}: the listeners registered now, more usefully than Triton's count of kinds. */
	public JsonNode stats() {
		ObjectNode node = json.createObjectNode();
		node.put("listeners", registrations.size());
		ArrayNode list = node.putArray("registrations");
		registrations.values().forEach(r -> {
			ObjectNode entry = list.addObject();
			entry.put("instance", r.instance());
			entry.put("service", r.service());
			entry.put("resource", resource.resource());
			ArrayNode subs = entry.putArray("subResources");
			r.subResources().stream().sorted().forEach(subs::add);
			entry.put("since", r.since().toString());
		});
		return node;
	}

	public int listenerCount() {
		return registrations.size();
	}

	private record Registration(String instance, String service, java.util.Set<String> subResources, Instant since,
			Sinks.Many<String> sink) {
	}

}
