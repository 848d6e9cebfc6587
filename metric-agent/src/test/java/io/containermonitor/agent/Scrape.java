package io.containermonitor.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;

/** Scrapes the agent under test and picks values out of the exposition text. */
public final class Scrape {

	// HTTP/1.1 as Prometheus and the proxy speak it; a hung answer fails the test instead of blocking it.
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(java.time.Duration.ofSeconds(5))
		.build();

	private final int port;

	public Scrape(int port) {
		this.port = port;
	}

	public HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	public void refresh() throws Exception {
		http.send(HttpRequest.newBuilder().timeout(java.time.Duration.ofSeconds(30)).uri(URI.create("http://127.0.0.1:" + port + "/v1/refresh"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	/** The value of the series ({@code name} or {@code name{labels}} exactly as written), if present. */
	public static OptionalDouble value(String text, String series) {
		for (String line : text.split("\n")) {
			if (line.startsWith(series + " ")) {
				return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
			}
		}
		return OptionalDouble.empty();
	}

	public static double require(String text, String series) {
		return value(text, series).orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
	}

}
