package io.containermonitor.forwarder.scrape;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Counts scrapes by result, their duration, and the samples they brought. */
public class ScrapeMetrics {

	private final Map<ScrapeOutcome, Counter> scrapes = new EnumMap<>(ScrapeOutcome.class);

	private final Timer duration;

	private final Counter samples;

	public ScrapeMetrics(MeterRegistry registry) {
		for (ScrapeOutcome outcome : ScrapeOutcome.values()) {
			scrapes.put(outcome, Counter.builder("cmon.forwarder.scrapes")
				.description("Scrapes of targets, by result")
				.tag("result", outcome.label())
				.register(registry));
		}
		this.duration = Timer.builder("cmon.forwarder.scrape.duration")
			.description("Time of one scrape, parsing included")
			.register(registry);
		this.samples = Counter.builder("cmon.forwarder.scrape.samples")
			.description("Samples read from successful scrapes")
			.register(registry);
	}

	public void record(ScrapeResult result) {
		scrapes.get(result.outcome()).increment();
		if (result.duration() != null) {
			duration.record(result.duration().toNanos(), TimeUnit.NANOSECONDS);
		}
		samples.increment(result.samples().size());
	}

	public void skipped() {
		scrapes.get(ScrapeOutcome.SKIPPED).increment();
	}

}
