package io.containermonitor.forwarder.stores;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real InfluxDB 1.x ({@code influxd} from Debian's {@code influxdb}) on a loopback
 * port with its own meta, data and WAL directories and reporting off. It can be
 * stopped and started again on the same port and data, for outage tests.
 */
public final class InfluxDbServer implements AutoCloseable {

	private final int httpPort;

	private final LocalProcess process;

	private final HttpClient http = HttpClient.newHttpClient();

	public InfluxDbServer(Path dir) throws IOException, InterruptedException {
		Path influxd = LocalProcess.requireBinary("influxd", "influxdb");
		this.httpPort = LocalProcess.freePort();
		int bindPort = LocalProcess.freePort();
		Path config = dir.resolve("influxdb.conf");
		Files.writeString(config, """
				reporting-disabled = true
				bind-address = "127.0.0.1:%d"
				[meta]
				  dir = "%s"
				[data]
				  dir = "%s"
				  wal-dir = "%s"
				  query-log-enabled = false
				[http]
				  enabled = true
				  bind-address = "127.0.0.1:%d"
				  log-enabled = false
				[monitor]
				  store-enabled = false
				[continuous_queries]
				  enabled = false
				""".formatted(bindPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort));
		this.process = new LocalProcess(List.of(influxd.toString(), "-config", config.toString()),
				dir.resolve("influxd.log"), "influxdb");
		start();
	}

	public void start() throws IOException, InterruptedException {
		process.start(httpPort, Duration.ofSeconds(30));
	}

	public void stop() {
		process.stop();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + httpPort);
	}

	public void createDatabase(String name) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/query"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("q=" + encode("CREATE DATABASE \"" + name + "\"")))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("CREATE DATABASE failed: " + response.body());
		}
	}

	/** Runs an InfluxQL query (epoch ms) and returns the first result's {@code series}, or an empty array. */
	public JsonNode query(String database, String influxQl) throws IOException, InterruptedException {
		URI uri = URI.create(url() + "/query?epoch=ms&db=" + encode(database) + "&q=" + encode(influxQl));
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("query failed: " + response.statusCode() + " " + response.body());
		}
		JsonNode result = JsonMapper.shared().readTree(response.body()).path("results").path(0);
		if (result.has("error")) {
			throw new IllegalStateException("query '" + influxQl + "' failed: " + result.get("error"));
		}
		return result.path("series");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		stop();
	}

}
