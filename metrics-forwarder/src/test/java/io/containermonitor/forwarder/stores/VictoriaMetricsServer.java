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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real single-node VictoriaMetrics (Debian's {@code victoria-metrics}) on a loopback
 * port, its data in a test directory. Samples are read back raw with
 * {@code /api/v1/export} after {@code /internal/force_flush}, exact to the millisecond.
 */
public final class VictoriaMetricsServer implements AutoCloseable {

	private final int port;

	private final LocalProcess process;

	private final HttpClient http = HttpClient.newHttpClient();

	public VictoriaMetricsServer(Path dir) throws IOException, InterruptedException {
		Path binary = LocalProcess.requireBinary("victoria-metrics", "victoria-metrics");
		this.port = LocalProcess.freePort();
		this.process = new LocalProcess(List.of(binary.toString(),
				"-storageDataPath=" + Files.createDirectories(dir.resolve("data")), "-httpListenAddr=127.0.0.1:" + port,
				"-retentionPeriod=1", "-loggerLevel=WARN"), dir.resolve("victoria-metrics.log"), "victoria-metrics");
		process.start(port, Duration.ofSeconds(60));
	}

	/** The Prometheus remote-write URL. */
	public URI writeUrl() {
		return URI.create("http://127.0.0.1:" + port + "/api/v1/write");
	}

	/** Every series matching the selector with its raw samples: label set (sorted) to timestamp (ms) to value. */
	public Map<Map<String, String>, TreeMap<Long, Double>> export(String selector)
			throws IOException, InterruptedException {
		get("/internal/force_flush");
		HttpResponse<String> response = get("/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("export " + selector + " failed: " + response.statusCode() + " " + response.body());
		}
		Map<Map<String, String>, TreeMap<Long, Double>> series = new LinkedHashMap<>();
		for (String line : PrometheusServer.lines(response.body())) {
			JsonNode row = JsonMapper.shared().readTree(line);
			Map<String, String> labels = new TreeMap<>();
			row.path("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
			TreeMap<Long, Double> points = new TreeMap<>();
			for (int i = 0; i < row.path("timestamps").size(); i++) {
				points.put(row.path("timestamps").path(i).asLong(), row.path("values").path(i).asDouble());
			}
			series.put(labels, points);
		}
		return series;
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		process.stop();
	}

}
