package io.containermonitor.forwarder.sink.remotewrite;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.containermonitor.forwarder.scrape.RetryAfter;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.PartiallyWrittenException;
import io.containermonitor.forwarder.sink.RejectedBatchException;
import io.containermonitor.forwarder.sink.RetryLaterException;
import io.containermonitor.forwarder.sink.SinkWriter;
import io.containermonitor.forwarder.sink.http.ReceiverClient;

/**
 * Writes batches to a Prometheus remote-write 1.0 receiver: snappy-compressed protobuf
 * with the headers the specification requires. A batch is split by series into
 * {@code shards} parts sent at once (a series always lands in the same part, so its
 * samples arrive in order), each part in requests of at most {@code samplesPerRequest}.
 * As the specification says: 5xx and 429 are retried (after {@code Retry-After} when
 * given), any other non-2xx answer refuses the request's samples for good. Only the
 * parts that still need it are retried.
 */
public class RemoteWriteSinkWriter implements SinkWriter {

	static final String PROTOCOL_VERSION = "0.1.0";

	private final ReceiverClient client;

	private final RemoteWriteEncoder encoder;

	private final int shards;

	private final int samplesPerRequest;

	private final String tenant;

	private final String userAgent;

	private final Clock clock;

	private final ExecutorService shardThreads;

	/**
	 * @param tenant the {@code X-Scope-OrgID}, or null
	 */
	public RemoteWriteSinkWriter(ReceiverClient client, RemoteWriteEncoder encoder, int shards, int samplesPerRequest,
			String tenant, String userAgent, Clock clock) {
		this.client = client;
		this.encoder = encoder;
		this.shards = shards;
		this.samplesPerRequest = samplesPerRequest;
		this.tenant = tenant;
		this.userAgent = userAgent;
		this.clock = clock;
		this.shardThreads = shards > 1 ? Executors.newFixedThreadPool(shards, runnable -> {
			Thread thread = new Thread(runnable, "sink-remote-write-shard");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	@Override
	public String name() {
		return "remote-write";
	}

	@Override
	public String destination() {
		return client.url().toString();
	}

	@Override
	public int write(List<ForwardedSample> batch) throws IOException {
		List<ShardOutcome> outcomes = shards == 1 ? List.of(sendShard(batch)) : sendShards(partition(batch));
		int written = 0;
		int rejected = 0;
		String rejectionReason = null;
		String rejection = null;
		String failure = null;
		IOException cause = null;
		Duration retryAfter = null;
		List<ForwardedSample> remaining = new ArrayList<>();
		for (ShardOutcome outcome : outcomes) {
			written += outcome.written;
			rejected += outcome.rejected;
			if (outcome.rejectionReason != null) {
				rejectionReason = outcome.rejectionReason;
				rejection = outcome.rejection;
			}
			if (!outcome.remaining.isEmpty()) {
				remaining.addAll(outcome.remaining);
				failure = outcome.failure;
				cause = outcome.cause;
				if (outcome.retryAfter != null && (retryAfter == null || outcome.retryAfter.compareTo(retryAfter) > 0)) {
					retryAfter = outcome.retryAfter;
				}
			}
		}
		if (remaining.isEmpty()) {
			if (rejected > 0) {
				throw new RejectedBatchException(rejectionReason, rejection, rejected);
			}
			return written;
		}
		if (written == 0 && rejected == 0) {
			throw cause;
		}
		throw new PartiallyWrittenException(failure, written, rejected, rejectionReason, remaining, retryAfter);
	}

	private List<List<ForwardedSample>> partition(List<ForwardedSample> batch) {
		List<List<ForwardedSample>> parts = new ArrayList<>(shards);
		for (int i = 0; i < shards; i++) {
			parts.add(new ArrayList<>(batch.size() / shards + 16));
		}
		for (ForwardedSample sample : batch) {
			int hash = Objects.hash(sample.target().vmUuid(), sample.name(), sample.labels());
			parts.get(Math.floorMod(hash, shards)).add(sample);
		}
		return parts;
	}

	private List<ShardOutcome> sendShards(List<List<ForwardedSample>> parts) throws IOException {
		List<Future<ShardOutcome>> running = new ArrayList<>(parts.size());
		for (List<ForwardedSample> part : parts) {
			if (!part.isEmpty()) {
				running.add(shardThreads.submit(() -> sendShard(part)));
			}
		}
		List<ShardOutcome> outcomes = new ArrayList<>(running.size());
		try {
			for (Future<ShardOutcome> shard : running) {
				outcomes.add(shard.get());
			}
		}
		catch (InterruptedException ex) {
			running.forEach(shard -> shard.cancel(true));
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while writing to " + destination(), ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("a remote-write shard failed unexpectedly", ex.getCause());
		}
		return outcomes;
	}

	/** Sends one shard's samples request by request; stops at the first request that must be retried. */
	private ShardOutcome sendShard(List<ForwardedSample> samples) {
		ShardOutcome outcome = new ShardOutcome();
		for (int from = 0; from < samples.size(); from += samplesPerRequest) {
			List<ForwardedSample> request = samples.subList(from, Math.min(samples.size(), from + samplesPerRequest));
			try {
				send(request);
				outcome.written += request.size();
			}
			catch (RejectedBatchException ex) {
				outcome.rejected += request.size();
				outcome.rejectionReason = ex.reason();
				outcome.rejection = ex.getMessage();
			}
			catch (IOException ex) {
				outcome.retry(samples.subList(from, samples.size()), ex,
						ex instanceof RetryLaterException later ? later.retryAfter() : null);
				return outcome;
			}
		}
		return outcome;
	}

	private void send(List<ForwardedSample> samples) throws IOException {
		HttpRequest.Builder request = client.post(encoder.encode(samples))
			.header("Content-Encoding", "snappy")
			.header("Content-Type", "application/x-protobuf")
			.header("User-Agent", userAgent)
			.header("X-Prometheus-Remote-Write-Version", PROTOCOL_VERSION);
		if (tenant != null && !tenant.isBlank()) {
			request.header("X-Scope-OrgID", tenant);
		}
		HttpResponse<byte[]> response = client.send(request.build());
		int status = response.statusCode();
		if (status / 100 == 2) {
			return;
		}
		String message = "remote-write receiver answered " + status + ": " + ReceiverClient.excerpt(response.body());
		if (status == 429 || status / 100 == 5) {
			Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
					clock.instant())
				.orElse(null);
			throw new RetryLaterException(message, retryAfter);
		}
		throw new RejectedBatchException("HTTP " + status, message, samples.size());
	}

	/** What became of one shard's samples. */
	private static final class ShardOutcome {

		int written;

		int rejected;

		String rejectionReason;

		String rejection;

		List<ForwardedSample> remaining = List.of();

		String failure;

		IOException cause;

		Duration retryAfter;

		void retry(List<ForwardedSample> rest, IOException cause, Duration retryAfter) {
			this.remaining = List.copyOf(rest);
			this.cause = cause;
			this.failure = cause instanceof RetryLaterException ? cause.getMessage() : cause.toString();
			this.retryAfter = retryAfter;
		}

	}

}
