package io.containermonitor.forwarder.stores;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus}) in the foreground on a loopback port
 * with its remote-write receiver on ({@code --web.enable-remote-write-receiver}) and
 * no scrape jobs, its TSDB in a test directory. Samples are read back raw through the
 * HTTP API (a range selector in an instant query), with exact millisecond timestamps.
 * It can be stopped and started again on the same port and TSDB, for outage tests.
 */
public final class PrometheusServer implements AutoCloseable {

	private final int port;

	private final LocalProcess process;

	private final HttpClient http = HttpClient.newHttpClient();

	public PrometheusServer(Path dir) throws IOException, InterruptedException {
		Path prometheus = LocalProcess.requireBinary("prometheus", "prometheus");
		this.port = LocalProcess.freePort();
		Path config = dir.resolve("prometheus.yml");
		Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
		this.process = new LocalProcess(List.of(prometheus.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
				"--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver",
				"--storage.tsdb.retention.time=1d", "--log.level=warn"), dir.resolve("prometheus.log"), "prometheus");
		start();
	}

	/** Starts Prometheus (again, after {@link #stop()}) and waits until it is ready. */
	public void start() throws IOException, InterruptedException {
		process.start(port, Duration.ofSeconds(60));
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (get("/-/ready").statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("prometheus not ready within 60 s:\n" + process.tail());
	}

	public void stop() {
		process.stop();
	}

	/** The remote-write receiver's URL. */
	public URI writeUrl() {
		return URI.create("http://127.0.0.1:" + port + "/api/v1/write");
	}

	/** The log so far, to see why Prometheus refused something. */
	public String log() {
		return process.tail();
	}

	/**
	 * Every series matching the selector with its raw samples of the last {@code window}: label set (sorted)
	 * to timestamp (ms) to value.
	 */
	public Map<Map<String, String>, TreeMap<Long, Double>> samples(String selector, Duration window)
			throws IOException, InterruptedException {
		String query = selector + "[" + window.toSeconds() + "s]";
		HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
				+ "&time=" + Instant.now().plusSeconds(1).getEpochSecond());
		JsonNode body = JsonMapper.shared().readTree(response.body());
		if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
			throw new IllegalStateException("query " + query + " failed: " + response.body());
		}
		Map<Map<String, String>, TreeMap<Long, Double>> series = new java.util.LinkedHashMap<>();
		for (JsonNode result : body.path("data").path("result")) {
			Map<String, String> labels = new TreeMap<>();
			result.path("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
			TreeMap<Long, Double> points = new TreeMap<>();
			for (JsonNode value : result.path("values")) {
				long millis = new BigDecimal(value.path(0).asString()).movePointRight(3).longValueExact();
				points.put(millis, parseValue(value.path(1).asString()));
			}
			series.put(labels, points);
		}
		return series;
	}

	private static double parseValue(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		stop();
	}

	/** Labels as a sorted map, for comparisons. */
	public static Map<String, String> labels(String... namesAndValues) {
		Map<String, String> labels = new TreeMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			labels.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return labels;
	}

	static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (!line.isBlank()) {
				lines.add(line);
			}
		}
		return lines;
	}

}
