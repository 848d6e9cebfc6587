package io.containermonitor.forwarder.sink.remotewrite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.RecordingReceiver;
import io.containermonitor.forwarder.sink.RecordingReceiver.Answer;
import io.containermonitor.forwarder.sink.RecordingReceiver.Request;
import io.containermonitor.forwarder.sink.SinkWorker;
import io.containermonitor.forwarder.sink.remotewrite.prompb.Label;
import io.containermonitor.forwarder.sink.remotewrite.prompb.TimeSeries;
import io.containermonitor.forwarder.sink.remotewrite.prompb.WriteRequest;
import io.containermonitor.forwarder.standin.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.NO_AUTH;
import static io.containermonitor.forwarder.sink.remotewrite.RemoteWriteFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The remote-write wire and retry policy against a recording HTTP(S) server that
 * decodes every request with the generated protobuf classes and snappy: headers,
 * authentication, mTLS, which answers are retried (and after how long), and that a
 * shard that failed is retried alone.
 */
class RemoteWriteSinkWriterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private RecordingReceiver receiver;

	private SinkWorker worker;

	@AfterEach
	void stop() {
		if (worker != null) {
			worker.stop();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void requestsCarryTheRemoteWriteHeadersTheTenantAndBasicAuthAndSortedLabels() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204));
		RemoteWriteFixtures
			.writer(receiver.url("/api/v1/push"), Map.of(), 1, 1000, "team-a",
					new ForwarderProperties.HttpAuth("tenant", "s3cret", null, null, null, null), null)
			.write(List.of(sample("m", Map.of("zone", "z", "Alpha", "A", "b", "1"), 1, 1700000000000L),
					sample("m", Map.of("zone", "z", "Alpha", "A", "b", "1"), 2, 1700000001000L)));
		Request request = receiver.requests().get(0);
		assertThat(request.path()).isEqualTo("/api/v1/push");
		assertThat(request.header("Content-Encoding")).isEqualTo("snappy");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(request.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
		assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
		assertThat(request.header("User-Agent")).isEqualTo("cmon-metrics-forwarder/test");
		assertThat(request.header("Authorization")).isEqualTo("Basic dGVuYW50OnMzY3JldA==");
		WriteRequest write = WriteRequest.parseFrom(request.body());
		assertThat(write.getTimeseriesList()).hasSize(1);
		TimeSeries series = write.getTimeseries(0);
		// Byte order, as Prometheus sorts: upper case before "__name__", then lower case.
		assertThat(series.getLabelsList()).extracting(Label::getName)
			.containsExactly("Alpha", "__name__", "b", "groups", "instance", "job", "server_uuid", "vm_alias", "vm_uuid",
					"zone");
		assertThat(series.getSamplesList()).extracting(s -> s.getTimestamp() + "=" + s.getValue())
			.containsExactly("1700000000000=1.0", "1700000001000=2.0");
	}

	@Test
	void aBearerTokenIsSentAndNoTenantHeaderWithoutATenant() throws Exception {
		receiver = new RecordingReceiver(Answer.of(200));
		RemoteWriteFixtures
			.writer(receiver.url("/api/v1/write"), Map.of(), 1, 1000, null,
					new ForwarderProperties.HttpAuth(null, null, null, "t0ken", null, null), null)
			.write(List.of(sample("m", Map.of(), 1, 1700000000000L)));
		assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer t0ken");
		assertThat(receiver.requests().get(0).header("X-Scope-OrgID")).isNull();
	}

	@Test
	void serverErrorsAndTooManyRequestsAreRetriedTheLatterAfterRetryAfter() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204)).then(Answer.of(503))
			.then(new Answer(429, Map.of("Retry-After", "2"), "slow down".getBytes()))
			.then(Answer.of(500));
		worker = start(1);
		worker.offer(List.of(sample("m", Map.of(), 7, System.currentTimeMillis())));
		await().atMost(Duration.ofSeconds(20)).until(() -> written() == 1);
		List<Request> requests = receiver.requests();
		assertThat(requests).hasSize(4);
		assertThat(requests).allMatch(request -> java.util.Arrays.equals(request.body(), requests.get(0).body()),
				"the same batch each time");
		assertThat(Duration.between(requests.get(1).at(), requests.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
		assertThat(registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "rejected").counter().count()).isZero();
	}

	@Test
	void otherClientErrorsAreNotRetriedTheBatchIsDroppedAndCountedAndTheNextGoesThrough() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204)).then(new Answer(401, Map.of(), "unauthorized".getBytes()));
		worker = start(1);
		long now = System.currentTimeMillis();
		worker.offer(List.of(sample("m", Map.of(), 1, now), sample("m", Map.of("b", "2"), 2, now)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.get("cmon.forwarder.sink.samples.dropped").tag("reason", "rejected").counter().count() == 2);
		worker.offer(List.of(sample("m", Map.of(), 3, now + 1000)));
		await().atMost(Duration.ofSeconds(10)).until(() -> written() == 1);
		assertThat(receiver.requests()).hasSize(2);
		assertThat(WriteRequest.parseFrom(receiver.requests().get(1).body()).getTimeseries(0).getSamples(0).getValue())
			.isEqualTo(3.0);
	}

	@Test
	void onlyTheShardThatFailedIsSentAgain() throws Exception {
		receiver = new RecordingReceiver(Answer.of(204));
		java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
		receiver.answerFromNowOn(
				request -> Answer.of(containsSeries(request, "s0") && failed.compareAndSet(false, true) ? 503 : 204));
		worker = start(4);
		long now = System.currentTimeMillis();
		List<ForwardedSample> batch = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			batch.add(sample("m", Map.of("series", "s" + i), i, now));
		}
		worker.offer(batch);
		await().atMost(Duration.ofSeconds(20)).until(() -> written() == 16);
		Map<String, Integer> received = new HashMap<>();
		for (Request request : receiver.requests()) {
			for (TimeSeries series : WriteRequest.parseFrom(request.body()).getTimeseriesList()) {
				received.merge(label(series, "series"), 1, Integer::sum);
			}
		}
		assertThat(received).hasSize(16);
		assertThat(received.get("s0")).isEqualTo(2);
		// Series sent in a request without s0 were written the first time and never again.
		assertThat(received.values()).contains(1);
		for (Request request : receiver.requests()) {
			if (!containsSeries(request, "s0")) {
				for (TimeSeries series : WriteRequest.parseFrom(request.body()).getTimeseriesList()) {
					assertThat(received.get(label(series, "series"))).as(label(series, "series")).isEqualTo(1);
				}
			}
		}
	}

	@Test
	void mutualTlsPresentsTheClientCertificateOfTheSslBundle(@TempDir Path dir) throws Exception {
		TestCertificates certificates = new TestCertificates("localhost", "acme");
		TestCertificates.TenantFiles files = certificates.writeTenantFiles(dir);
		receiver = new RecordingReceiver(certificates.serverContext(), true, Answer.of(204));
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate(Files.readString(files.certificate()))
					.withPrivateKey(Files.readString(files.privateKey())),
				PemSslStoreDetails.forCertificate(Files.readString(files.ca()))));
		SSLContext ssl = bundle.createSslContext();
		RemoteWriteFixtures.writer(receiver.url("/api/v1/write"), Map.of(), 1, 1000, null, NO_AUTH, ssl)
			.write(List.of(sample("m", Map.of(), 1, 1700000000000L)));
		assertThat(receiver.requests()).singleElement().extracting(Request::clientSubject).asString().contains("CN=acme");

		// Trusting the CA but without a client certificate the receiver refuses the connection: retried, not dropped.
		SSLContext trustOnly = SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(Files.readString(files.ca()))))
			.createSslContext();
		assertThatExceptionOfType(java.io.IOException.class).isThrownBy(
				() -> RemoteWriteFixtures.writer(receiver.url("/api/v1/write"), Map.of(), 1, 1000, null, NO_AUTH, trustOnly)
					.write(List.of(sample("m", Map.of(), 1, 1700000000000L))));
		assertThat(receiver.requests()).hasSize(1);
	}

	private SinkWorker start(int shards) {
		SinkWorker started = new SinkWorker(
				RemoteWriteFixtures.writer(receiver.url("/api/v1/write"), Map.of(), shards, 2, null, NO_AUTH, null),
				RemoteWriteFixtures.buffer(1000, 2 * shards), registry, Clock.systemUTC());
		started.start();
		return started;
	}

	private double written() {
		return registry.get("cmon.forwarder.sink.samples.written").counter().count();
	}

	private static boolean containsSeries(Request request, String name) {
		try {
			return WriteRequest.parseFrom(request.body())
				.getTimeseriesList()
				.stream()
				.anyMatch(series -> name.equals(label(series, "series")));
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String label(TimeSeries series, String name) {
		return series.getLabelsList()
			.stream()
			.filter(label -> label.getName().equals(name))
			.map(Label::getValue)
			.findFirst()
			.orElse(null);
	}

}
