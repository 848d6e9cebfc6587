package io.containermonitor.forwarder.sink.remotewrite;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.http.ReceiverClient;

/** Targets, samples and writers the remote-write tests share. */
final class RemoteWriteFixtures {

	static final UUID VM = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	static final String SERVER = "44454c4c-3200-1048-8053-b3c04f383432";

	static final Target WEB = new Target(VM, "web01", SERVER, List.of("web", "db"),
			URI.create("https://" + VM + ".cmon.test.example:9163/metrics"));

	static final String INSTANCE = VM + ".cmon.test.example:9163";

	static final ForwarderProperties.HttpAuth NO_AUTH = new ForwarderProperties.HttpAuth(null, null, null, null, null, null);

	private RemoteWriteFixtures() {
	}

	static RemoteWriteSinkWriter writer(URI url, Map<String, String> externalLabels, int shards, int perRequest,
			String tenant, ForwarderProperties.HttpAuth auth, javax.net.ssl.SSLContext ssl) {
		ReceiverClient client = new ReceiverClient(url, auth, Map.of(), Duration.ofSeconds(5), ssl);
		SeriesLabels labels = new SeriesLabels("cmon", target -> target.vmUuid() + ".cmon.test.example:9163",
				externalLabels);
		return new RemoteWriteSinkWriter(client, new RemoteWriteEncoder(labels), shards, perRequest, tenant,
				"cmon-metrics-forwarder/test", Clock.systemUTC());
	}

	static RemoteWriteSinkWriter writer(URI url) {
		return writer(url, Map.of(), 1, 1000, null, NO_AUTH, null);
	}

	static ForwardedSample sample(String name, Map<String, String> labels, double value, long timestampMillis) {
		return new ForwardedSample(WEB, name, labels, value, timestampMillis);
	}

	static ForwarderProperties.Buffer buffer(int capacity, int batchSize) {
		return new ForwarderProperties.Buffer(capacity, Duration.ofHours(1), batchSize, Duration.ofMillis(100),
				Duration.ofMillis(500), Duration.ofSeconds(5));
	}

}
