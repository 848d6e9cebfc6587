package io.containermonitor.core.triton.changefeed;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a listener registers and keeps its connection.
 *
 * @param instance this process's own instance uuid (never another service's: the newest registration of an
 * instance wins)
 * @param service the service name sent in the registration
 * @param resource the resource ({@code vm})
 * @param subResources the sub-resources to subscribe to; must include {@code state} and {@code destroyed}
 * @param heartbeatInterval how often the {@code heartbeat} text frame is sent (Triton: 27,817 ms)
 * @param pingInterval how often a WebSocket ping is sent
 * @param pingTimeout how long without a pong before the connection counts as dead and is replaced
 * @param minBackoff first reconnect delay (Triton: 2 s), doubled per failure
 * @param maxBackoff reconnect delay cap (Triton: 10 s)
 */
public record ChangeFeedSettings(UUID instance, String service, String resource, List<String> subResources,
		Duration heartbeatInterval, Duration pingInterval, Duration pingTimeout, Duration minBackoff,
		Duration maxBackoff) {

	public ChangeFeedSettings {
		Objects.requireNonNull(instance, "instance");
		subResources = List.copyOf(subResources);
		if (!subResources.contains("state") || !subResources.contains("destroyed")) {
			// VMAPI's usual destroy path publishes only "destroyed" (changefeed-observed.md).
			throw new IllegalArgumentException(
					"change-feed sub-resources must include state and destroyed: " + subResources);
		}
	}

	/** The delay before reconnect attempt {@code failures} (0-based): min, doubled, capped at max. */
	public Duration backoff(int failures) {
		long millis = minBackoff.toMillis();
		for (int i = 0; i < failures && millis < maxBackoff.toMillis(); i++) {
			millis *= 2;
		}
		return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
	}

}
