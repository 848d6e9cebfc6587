package io.containermonitor.forwarder.sink.graphite;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.GraphiteFormat;
import io.containermonitor.forwarder.ForwarderProperties.GraphiteProtocol;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The plaintext protocol on the wire, against TCP servers that behave like carbon
 * (reads to EOF, then closes), like a hung carbon (never closes), or are not there.
 * Real carbon-cache is in {@code ForwarderEndToEndTests}.
 */
class GraphiteSinkWriterTests {

	private static final Target TARGET = new Target(UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01"), "web01",
			null, List.of(), URI.create("https://x/metrics"));

	@Test
	void writesOneLinePerFiniteSampleAndCountsItOnlyWhenTheServerHasReadAll() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
				try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			int written = writer(server.getLocalPort(), Duration.ofSeconds(5)).write(List.of(
					new ForwardedSample(TARGET, "load_average", Map.of(), 0.25, 1700000000999L),
					new ForwardedSample(TARGET, "net_agg_bytes_in", Map.of("interface", "net 0"), 1e16, 1700000001000L),
					new ForwardedSample(TARGET, "gone", Map.of(), Double.NaN, 1700000001000L)));
			assertThat(written).isEqualTo(2);
			assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("""
					cmon.web01.load_average 0.25 1700000000
					cmon.web01.net_agg_bytes_in.interface.net%200 1.0E16 1700000001
					""");
		}
	}

	@Test
	void aServerThatNeverConfirmsFailsTheBatch() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Socket> held = CompletableFuture.supplyAsync(() -> {
				try {
					return server.accept();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> writer(server.getLocalPort(), Duration.ofMillis(300))
					.write(List.of(new ForwardedSample(TARGET, "m", Map.of(), 1, 1000))))
				.withMessageContaining("did not confirm");
			held.get(5, TimeUnit.SECONDS).close();
		}
	}

	@Test
	void noServerFailsTheBatch() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		int closedPort = port;
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> writer(closedPort, Duration.ofSeconds(1))
			.write(List.of(new ForwardedSample(TARGET, "m", Map.of(), 1, 1000))));
	}

	private static GraphiteSinkWriter writer(int port, Duration timeout) {
		return new GraphiteSinkWriter(new ForwarderProperties.Graphite(true, "127.0.0.1", port, GraphiteProtocol.PLAINTEXT, GraphiteFormat.PATH,
				"cmon.<vm_alias>.<metric>.<labels>", new ForwarderProperties.Buffer(10, Duration.ofHours(1), 10,
						Duration.ofSeconds(1), Duration.ofSeconds(1), timeout)));
	}

}
