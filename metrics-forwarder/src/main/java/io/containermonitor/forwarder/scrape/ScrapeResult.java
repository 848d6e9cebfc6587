package io.containermonitor.forwarder.scrape;

import java.time.Duration;
import java.util.List;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.discovery.Target;

/**
 * The end of one scrape.
 *
 * @param target the target scraped
 * @param outcome how it ended
 * @param startMillis when it started (epoch ms); the timestamp of samples that carry none
 * @param duration how long it took
 * @param samples the samples, empty unless {@link ScrapeOutcome#SUCCESS}
 * @param retryAfter for a 429, how long to wait; otherwise null
 * @param error what went wrong, or null
 */
public record ScrapeResult(Target target, ScrapeOutcome outcome, long startMillis, Duration duration,
		List<Sample> samples, Duration retryAfter, String error) {

	static ScrapeResult success(Target target, long startMillis, Duration duration, List<Sample> samples) {
		return new ScrapeResult(target, ScrapeOutcome.SUCCESS, startMillis, duration, samples, null, null);
	}

	static ScrapeResult failure(Target target, ScrapeOutcome outcome, long startMillis, Duration duration,
			Duration retryAfter, String error) {
		return new ScrapeResult(target, outcome, startMillis, duration, List.of(), retryAfter, error);
	}

}
