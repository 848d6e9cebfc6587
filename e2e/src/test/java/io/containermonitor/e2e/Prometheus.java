package io.containermonitor.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real Prometheus that ./cmon up started, read through its HTTP API. */
final class Prometheus {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final URI base;

	Prometheus(URI base) {
		this.base = base;
	}

	/** Active targets of a job: their discovered {@code __meta_triton_*} labels and health. */
	List<Target> targets(String job) throws IOException, InterruptedException {
		JsonNode data = get("/api/v1/targets?state=active").path("data").path("activeTargets");
		List<Target> targets = new ArrayList<>();
		for (JsonNode target : data) {
			if (job.equals(target.path("labels").path("job").asString())) {
				Map<String, String> discovered = new java.util.TreeMap<>();
				target.path("discoveredLabels").properties().forEach(e -> discovered.put(e.getKey(), e.getValue().asString()));
				targets.add(new Target(discovered, target.path("health").asString(), target.path("lastError").asString(),
						target.path("scrapeUrl").asString()));
			}
		}
		return targets;
	}

	/** The value of an instant query that yields one sample, or empty. */
	OptionalDouble value(String query) throws IOException, InterruptedException {
		JsonNode result = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data")
			.path("result");
		if (result.size() != 1) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asString()));
	}

	/** How many series an instant query yields. */
	int seriesCount(String query) throws IOException, InterruptedException {
		return get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data")
			.path("result")
			.size();
	}

	boolean isReady() {
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("Prometheus " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
		}
		return JsonMapper.shared().readTree(response.body());
	}

	record Target(Map<String, String> discoveredLabels, String health, String lastError, String scrapeUrl) {

		String alias() {
			return discoveredLabels.get("__meta_triton_machine_alias");
		}

		String vmUuid() {
			return discoveredLabels.get("__meta_triton_machine_id");
		}

	}

}
