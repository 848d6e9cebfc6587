package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.KstatReadings.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** NIC labels from a real local HTTP server standing in for vminfod. */
class VminfodNicsTests {

	/** What vminfod answers for a VM, cut to the fields used. */
	static final String VM_A = """
			{"uuid":"%s","brand":"joyent","nics":[
			 {"interface":"net0","mac":"90:b8:d0:1a:2b:3c","nic_tag":"external","network_uuid":"7a2e7c3d-2b8f-4b7e-9f30-5c4c1a9e0d11","ip":"10.1.1.5"},
			 {"interface":"net1","mac":"90:b8:d0:1a:2b:3d","nic_tag":"admin","network_uuid":"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"}]}
			""".formatted(ZONE_A);

	@TempDir
	Path dir;

	private HttpServer server;

	private volatile int status = 200;

	private volatile String body = VM_A;

	private volatile long delayMillis;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/vms/", exchange -> {
			try {
				Thread.sleep(delayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] bytes = exchange.getRequestURI().getPath().equals("/vms/" + ZONE_A)
					? body.getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private VminfodNics vminfod(Duration timeout) {
		return new VminfodNics(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), timeout);
	}

	@Test
	void labelsByInterface() {
		assertThat(vminfod(Duration.ofSeconds(2)).labels(ZONE_A)).containsExactly(
				entry("net0", java.util.Map.of("nic_tag", "external", "network_uuid",
						"7a2e7c3d-2b8f-4b7e-9f30-5c4c1a9e0d11")),
				entry("net1", java.util.Map.of("nic_tag", "admin", "network_uuid",
						"0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")));
	}

	@Test
	void anyFailureGivesNoLabels() {
		status = 404;
		assertThat(vminfod(Duration.ofSeconds(2)).labels(ZONE_A)).isEmpty();
		status = 200;
		body = "not json";
		assertThat(vminfod(Duration.ofSeconds(2)).labels(ZONE_A)).isEmpty();
		body = VM_A;
		delayMillis = 2000;
		long start = System.nanoTime();
		assertThat(vminfod(Duration.ofMillis(200)).labels(ZONE_A)).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(new VminfodNics(URI.create("http://127.0.0.1:1"), Duration.ofMillis(200)).labels(ZONE_A)).isEmpty();
	}

	@Test
	void linksGetNicTagAndNetwork() throws Exception {
		try (FakeKstat fake = FakeKstat.start(getClass(), dir)) {
			LinkCollector c = new LinkCollector(fake.handle(), new ZoneKstats(), Duration.ofSeconds(10),
					vminfod(Duration.ofSeconds(2)));
			assertThat(read(c, ZONE_A)).containsEntry(
					"net_agg_bytes_in{interface=vnic0, network_uuid=7a2e7c3d-2b8f-4b7e-9f30-5c4c1a9e0d11, nic_tag=external}",
					551194436.0)
				.containsEntry(
						"net_agg_packets_out{interface=vnic1, network_uuid=0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9, nic_tag=admin}",
						20.0)
				.hasSize(8);
			status = 500;
			assertThat(read(c, ZONE_A)).containsEntry("net_agg_bytes_in{interface=vnic0}", 551194436.0).hasSize(8);
		}
	}

}
