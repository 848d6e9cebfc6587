package io.containermonitor.proxy.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import io.containermonitor.proxy.ProxyProperties;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** New connections per client address: over the limit they are closed before anything is read, others untouched. */
class NewConnectionLimitTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private static ProxyProperties.RateLimit limits(int perSecond, int burst) {
		return new ProxyProperties.RateLimit(100, 1000, true, Map.of(), ProxyProperties.Store.MEMORY,
				Duration.ofMillis(250), 100, 0, perSecond, burst);
	}

	/** A connection as the server accepts it: the limit looks at it first, then it becomes active. */
	private static EmbeddedChannel accept(NewConnectionLimit limit, String address) throws Exception {
		EmbeddedChannel channel = new EmbeddedChannel(false, false);
		limit.onAccepted(channel, new InetSocketAddress(address, 40000));
		channel.register();
		return channel;
	}

	@Test
	void connectionsOverTheBurstOfOneAddressAreClosedOthersAreNot() throws Exception {
		// 1/s: no token comes back while the test runs.
		NewConnectionLimit limit = new NewConnectionLimit(limits(1, 2), new ProxyMetrics(registry));
		EmbeddedChannel first = accept(limit, "192.0.2.1");
		EmbeddedChannel second = accept(limit, "192.0.2.1");
		EmbeddedChannel third = accept(limit, "192.0.2.1");
		EmbeddedChannel otherAddress = accept(limit, "192.0.2.2");
		assertThat(first.isOpen()).isTrue();
		assertThat(second.isOpen()).isTrue();
		assertThat(third.isOpen()).isFalse();
		assertThat(otherAddress.isOpen()).isTrue();
		assertThat(registry.get("cmon.proxy.connections.refused").counter().count()).isEqualTo(1);
	}

	@Test
	void zeroMeansNoLimit() throws Exception {
		NewConnectionLimit limit = new NewConnectionLimit(limits(0, 0), new ProxyMetrics(registry));
		for (int i = 0; i < 100; i++) {
			assertThat(accept(limit, "192.0.2.1").isOpen()).isTrue();
		}
	}

}
