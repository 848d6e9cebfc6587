package io.containermonitor.forwarder.sink;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** One sink's own metrics: samples written and dropped, write latency, buffer fill, up. */
final class SinkMetrics {

	/** Why a sample was not written; the {@code reason} label. */
	enum DropReason {

		/** The buffer was full: the oldest samples made room. */
		OVERFLOW,
		/** Older than the buffer's age limit. */
		AGE,
		/** The store refused the batch for good. */
		REJECTED,
		/** The store cannot hold the value (NaN, infinities). */
		UNREPRESENTABLE

	}

	private final Counter written;

	private final Counter[] dropped = new Counter[DropReason.values().length];

	private final Timer writeSuccess;

	private final Timer writeFailure;

	SinkMetrics(MeterRegistry registry, String sink, IntSupplier buffered, int capacity, BooleanSupplier up) {
		this.written = Counter.builder("cmon.forwarder.sink.samples.written")
			.description("Samples the store accepted")
			.tag("sink", sink)
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			dropped[reason.ordinal()] = Counter.builder("cmon.forwarder.sink.samples.dropped")
				.description("Samples dropped instead of written: buffer overflow, too old, refused by the store, "
						+ "or not representable (NaN, infinities)")
				.tag("sink", sink)
				.tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
				.register(registry);
		}
		this.writeSuccess = writeTimer(registry, sink, "success");
		this.writeFailure = writeTimer(registry, sink, "failure");
		Gauge.builder("cmon.forwarder.sink.buffer.samples", buffered, IntSupplier::getAsInt)
			.description("Samples waiting for the store, including a batch being retried")
			.tag("sink", sink)
			.strongReference(true)
			.register(registry);
		Gauge.builder("cmon.forwarder.sink.buffer.capacity.samples", () -> capacity)
			.description("Capacity of the sink's buffer")
			.tag("sink", sink)
			.strongReference(true)
			.register(registry);
		Gauge.builder("cmon.forwarder.sink.up", up, state -> state.getAsBoolean() ? 1 : 0)
			.description("1 if the sink's last write succeeded, else 0")
			.tag("sink", sink)
			.strongReference(true)
			.register(registry);
	}

	private static Timer writeTimer(MeterRegistry registry, String sink, String result) {
		return Timer.builder("cmon.forwarder.sink.write.duration")
			.description("Time of one batch write to the store")
			.tag("sink", sink)
			.tag("result", result)
			.register(registry);
	}

	void written(int samples) {
		written.increment(samples);
	}

	void dropped(DropReason reason, int samples) {
		dropped[reason.ordinal()].increment(samples);
	}

	void writeSucceeded(long nanos) {
		writeSuccess.record(nanos, TimeUnit.NANOSECONDS);
	}

	void writeFailed(long nanos) {
		writeFailure.record(nanos, TimeUnit.NANOSECONDS);
	}

}
