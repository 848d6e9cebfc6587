package io.containermonitor.forwarder.sink.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import io.containermonitor.forwarder.ForwarderProperties.OtlpCompression;
import io.containermonitor.forwarder.scrape.RetryAfter;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.RejectedBatchException;
import io.containermonitor.forwarder.sink.RetryLaterException;
import io.containermonitor.forwarder.sink.SinkWriter;
import io.containermonitor.forwarder.sink.http.ReceiverClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to an OTLP/HTTP receiver ({@code POST /v1/metrics}, binary protobuf,
 * gzip). As the OTLP specification says: 429, 502, 503 and 504 are retried, after
 * {@code Retry-After} when the receiver sends one; every other non-2xx answer refuses
 * the batch for good. A 2xx answer with a partial success is a success; the data points
 * it refused are counted ({@code cmon_forwarder_sink_otlp_rejected_points_total}) and
 * each distinct error message is logged once.
 */
public class OtlpSinkWriter implements SinkWriter {

	private static final Logger logger = LoggerFactory.getLogger(OtlpSinkWriter.class);

	private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

	private static final int LOGGED_MESSAGES_MAX = 64;

	private final ReceiverClient client;

	private final OtlpMetricsEncoder encoder;

	private final OtlpCompression compression;

	private final String userAgent;

	private final Clock clock;

	private final Counter rejectedPoints;

	private final Set<String> loggedPartialSuccesses = new HashSet<>();

	public OtlpSinkWriter(ReceiverClient client, OtlpMetricsEncoder encoder, OtlpCompression compression,
			String userAgent, Clock clock, MeterRegistry registry) {
		this.client = client;
		this.encoder = encoder;
		this.compression = compression;
		this.userAgent = userAgent;
		this.clock = clock;
		this.rejectedPoints = Counter.builder("cmon.forwarder.sink.otlp.rejected.points")
			.description("Data points an OTLP receiver refused in a partial success")
			.tag("sink", name())
			.register(registry);
	}

	@Override
	public String name() {
		return "otlp";
	}

	@Override
	public String destination() {
		return client.url().toString();
	}

	@Override
	public int write(List<ForwardedSample> batch) throws IOException {
		OtlpMetricsEncoder.Encoded encoded = encoder.encode(batch, clock.millis());
		if (encoded.points() == 0) {
			return 0;
		}
		byte[] body = encoded.request().toByteArray();
		HttpRequest.Builder request = client.post(compression == OtlpCompression.GZIP ? gzip(body) : body)
			.header("Content-Type", "application/x-protobuf")
			.header("User-Agent", userAgent);
		if (compression == OtlpCompression.GZIP) {
			request.header("Content-Encoding", "gzip");
		}
		HttpResponse<byte[]> response = client.send(request.build());
		int status = response.statusCode();
		if (status / 100 == 2) {
			partialSuccess(response.body());
			return encoded.represented();
		}
		String message = "OTLP receiver answered " + status + ": " + ReceiverClient.excerpt(response.body());
		if (RETRYABLE.contains(status)) {
			Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
					clock.instant())
				.orElse(null);
			throw new RetryLaterException(message, retryAfter);
		}
		throw new RejectedBatchException("HTTP " + status, message, batch.size());
	}

	private void partialSuccess(byte[] body) {
		ExportMetricsPartialSuccess partial;
		try {
			partial = ExportMetricsServiceResponse.parseFrom(body).getPartialSuccess();
		}
		catch (InvalidProtocolBufferException ex) {
			// The data was accepted; an answer we cannot read only loses the partial-success details.
			logger.debug("Sink {} ({}): unreadable OTLP answer: {}", name(), destination(), ex.toString());
			return;
		}
		if (partial.getRejectedDataPoints() == 0 && partial.getErrorMessage().isEmpty()) {
			return;
		}
		rejectedPoints.increment(partial.getRejectedDataPoints());
		String message = partial.getErrorMessage();
		boolean first = loggedPartialSuccesses.size() < LOGGED_MESSAGES_MAX && loggedPartialSuccesses.add(message);
		if (first) {
			logger.warn("Sink {} ({}): the receiver refused {} data points of a request ({}); further refusals with this "
					+ "message are only counted, in cmon_forwarder_sink_otlp_rejected_points_total", name(),
					destination(), partial.getRejectedDataPoints(), message.isEmpty() ? "no message" : message);
		}
		else {
			logger.debug("Sink {} ({}): the receiver refused {} data points: {}", name(), destination(),
					partial.getRejectedDataPoints(), message);
		}
	}

	private static byte[] gzip(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
		try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
			zip.write(body);
		}
		return out.toByteArray();
	}

}
