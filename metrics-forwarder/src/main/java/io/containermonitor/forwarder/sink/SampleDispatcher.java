package io.containermonitor.forwarder.sink;

import java.util.ArrayList;
import java.util.List;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.scrape.ScrapeResult;

/** Hands a successful scrape's samples to every sink's buffer; never blocks. */
public class SampleDispatcher {

	private final List<SinkWorker> sinks;

	public SampleDispatcher(List<SinkWorker> sinks) {
		this.sinks = List.copyOf(sinks);
	}

	public void dispatch(ScrapeResult result) {
		if (result.samples().isEmpty()) {
			return;
		}
		List<ForwardedSample> samples = new ArrayList<>(result.samples().size());
		for (Sample sample : result.samples()) {
			long timestamp = sample.timestampMillis() != null ? sample.timestampMillis() : result.startMillis();
			samples.add(new ForwardedSample(result.target(), sample.name(), sample.labels(), sample.value(), timestamp,
					result.familyOf(sample.name())));
		}
		List<ForwardedSample> shared = List.copyOf(samples);
		for (SinkWorker sink : sinks) {
			sink.offer(shared);
		}
	}

	public List<SinkWorker> sinks() {
		return sinks;
	}

}
