package io.containermonitor.discovery.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Prometheus binary (Debian package {@code prometheus}), run in the foreground with
 * its own configuration, storage and port, and read through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	private final Process process;

	private final int port;

	private final Path log;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper mapper = JsonMapper.builder().build();

	PrometheusServer(Path dir, String config) throws Exception {
		Path configFile = dir.resolve("prometheus.yml");
		Files.writeString(configFile, config);
		this.log = dir.resolve("prometheus.log");
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.process = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		awaitReady();
	}

	/** Prometheus' {@code /api/v1/targets?state=active}, the active targets of {@code job}. */
	List<JsonNode> activeTargets(String job) throws IOException, InterruptedException {
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(URI.create(base() + "/api/v1/targets?state=active")).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode targets = mapper.readTree(response.body()).path("data").path("activeTargets");
		return targets.valueStream().filter(t -> job.equals(t.path("scrapePool").asString())).toList();
	}

	String log() throws IOException {
		return Files.readString(log);
	}

	private void awaitReady() throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("prometheus exited: " + log());
			}
			try {
				HttpResponse<Void> ready = client.send(
						HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("prometheus not ready after 30 s: " + log());
	}

	private String base() {
		return "http://127.0.0.1:" + port;
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}
