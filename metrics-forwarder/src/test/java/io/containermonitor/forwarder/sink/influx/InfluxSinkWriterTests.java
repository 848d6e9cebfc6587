package io.containermonitor.forwarder.sink.influx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.InfluxApi;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.RejectedBatchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTTP side of the InfluxDB sink against a recording HTTP server: the 1.x and 2.x
 * write requests (path, query, authentication) and what each answer means. The 1.x
 * path against a real InfluxDB is in {@code ForwarderEndToEndTests}; no 2.x server
 * runs here, so this is the 2.x API's only test.
 */
class InfluxSinkWriterTests {

	private static final Target TARGET = new Target(UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01"), "web01",
			null, List.of(), URI.create("https://x/metrics"));

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(204);

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
					+ exchange.getRequestHeaders().getFirst("Authorization") + "\n" + body);
			byte[] answer = "{\"error\":\"partial write: field type conflict\"}".getBytes(StandardCharsets.UTF_8);
			if (status.get() == 204) {
				exchange.sendResponseHeaders(204, -1);
			}
			else {
				exchange.sendResponseHeaders(status.get(), answer.length);
				exchange.getResponseBody().write(answer);
			}
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void v1WritesToTheDatabaseAndRetentionPolicyWithBasicAuth() throws IOException {
		int written = writer(InfluxApi.V1, "cmon", "two_weeks", "tenant", "s3cret", null, null, null)
			.write(List.of(sample(1.5), sample(Double.NaN)));
		assertThat(written).isEqualTo(1);
		assertThat(requests).singleElement()
			.isEqualTo("POST /write?db=cmon&precision=ms&rp=two_weeks auth=Basic dGVuYW50OnMzY3JldA==\n"
					+ "m,vm_alias=web01,vm_uuid=5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01 value=1.5 1700000000000\n");
	}

	@Test
	void v2WritesToTheOrgAndBucketWithTheToken() throws IOException {
		writer(InfluxApi.V2, null, null, null, null, "acme corp", "cmon", "tok3n").write(List.of(sample(2)));
		assertThat(requests).singleElement()
			.asString()
			.startsWith("POST /api/v2/write?org=acme+corp&bucket=cmon&precision=ms auth=Token tok3n\n");
	}

	@Test
	void badRequestRefusesTheBatchForGoodAndServerErrorsAreRetried() {
		InfluxSinkWriter writer = writer(InfluxApi.V1, "cmon", null, null, null, null, null, null);
		status.set(400);
		assertThatExceptionOfType(RejectedBatchException.class).isThrownBy(() -> writer.write(List.of(sample(1))))
			.withMessageContaining("field type conflict");
		status.set(503);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> writer.write(List.of(sample(1))))
			.withMessageContaining("503");
		status.set(401);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> writer.write(List.of(sample(1))));
	}

	private InfluxSinkWriter writer(InfluxApi api, String database, String rp, String user, String password, String org,
			String bucket, String token) {
		return new InfluxSinkWriter(new ForwarderProperties.Influx(true,
				URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), api, database, rp, user, password,
				org, bucket, token, new ForwarderProperties.Buffer(10, Duration.ofHours(1), 10, Duration.ofSeconds(1),
						Duration.ofSeconds(1), Duration.ofSeconds(5))));
	}

	private static ForwardedSample sample(double value) {
		return new ForwardedSample(TARGET, "m", Map.of(), value, 1700000000000L);
	}

}
