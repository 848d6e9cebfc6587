package io.containermonitor.forwarder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.SinkWriter;

/**
 * A third store, in memory, beside the real InfluxDB and carbon: it records every
 * {@code forwarder_test_sequence} sample the forwarder scraped, with its exact
 * timestamp, so that the outage tests know what each real store must hold (a scrape
 * the stand-in answered may still have timed out at the forwarder on a busy machine).
 */
class RecordingSinkWriter implements SinkWriter {

	private final Map<UUID, TreeMap<Integer, Long>> sequences = new TreeMap<>();

	@Override
	public String name() {
		return "recorder";
	}

	@Override
	public String destination() {
		return "memory";
	}

	@Override
	public synchronized int write(List<ForwardedSample> batch) {
		for (ForwardedSample sample : batch) {
			if (sample.name().equals("forwarder_test_sequence")) {
				sequences.computeIfAbsent(sample.target().vmUuid(), vm -> new TreeMap<>())
					.put((int) sample.value(), sample.timestampMillis());
			}
		}
		return batch.size();
	}

	/** The sequence numbers scraped from a VM, each with its timestamp (ms). */
	synchronized TreeMap<Integer, Long> sequence(UUID vm) {
		return new TreeMap<>(sequences.getOrDefault(vm, new TreeMap<>()));
	}

}
