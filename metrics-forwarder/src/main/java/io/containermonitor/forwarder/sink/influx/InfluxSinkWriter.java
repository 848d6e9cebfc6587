package io.containermonitor.forwarder.sink.influx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.ForwarderProperties.InfluxApi;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.RejectedBatchException;
import io.containermonitor.forwarder.sink.SinkWriter;

/**
 * Writes batches to InfluxDB over HTTP: 1.x {@code POST /write?db=&rp=&precision=ms}
 * (basic auth if a user is set) or 2.x {@code POST /api/v2/write?org=&bucket=&precision=ms}
 * (token). A 400 or 413 refuses the batch for good; anything else that is not 2xx,
 * and every I/O failure, is retried.
 */
public class InfluxSinkWriter implements SinkWriter {

	private final HttpClient http;

	private final URI writeUrl;

	private final String authorization;

	private final ForwarderProperties.Influx settings;

	private final InfluxLineEncoder encoder = new InfluxLineEncoder();

	public InfluxSinkWriter(ForwarderProperties.Influx settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder().connectTimeout(settings.buffer().writeTimeout()).build();
		this.writeUrl = writeUrl(settings);
		this.authorization = authorization(settings);
	}

	static URI writeUrl(ForwarderProperties.Influx settings) {
		String base = settings.url().toString().replaceAll("/+$", "");
		if (settings.api() == InfluxApi.V2) {
			return URI.create(base + "/api/v2/write?org=" + encode(settings.org()) + "&bucket="
					+ encode(settings.bucket()) + "&precision=ms");
		}
		String url = base + "/write?db=" + encode(settings.database()) + "&precision=ms";
		if (settings.retentionPolicy() != null && !settings.retentionPolicy().isBlank()) {
			url += "&rp=" + encode(settings.retentionPolicy());
		}
		return URI.create(url);
	}

	private static String authorization(ForwarderProperties.Influx settings) {
		if (settings.api() == InfluxApi.V2) {
			return "Token " + settings.token();
		}
		if (settings.username() == null || settings.username().isEmpty()) {
			return null;
		}
		String pair = settings.username() + ":" + (settings.password() == null ? "" : settings.password());
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String name() {
		return "influxdb";
	}

	@Override
	public String destination() {
		return writeUrl.toString();
	}

	@Override
	public int write(List<ForwardedSample> batch) throws IOException {
		StringBuilder body = new StringBuilder(batch.size() * 160);
		int lines = 0;
		for (ForwardedSample sample : batch) {
			String line = encoder.encode(sample);
			if (line != null && !line.isEmpty()) {
				body.append(line).append('\n');
				lines++;
			}
		}
		if (lines == 0) {
			return 0;
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(writeUrl)
			.timeout(settings.buffer().writeTimeout())
			.header("Content-Type", "text/plain; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpResponse<String> response;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while writing to " + writeUrl, ex);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return lines;
		}
		String message = "InfluxDB answered " + status + ": " + response.body().strip();
		if (status == 400 || status == 413) {
			throw new RejectedBatchException(message);
		}
		throw new IOException(message);
	}

}
