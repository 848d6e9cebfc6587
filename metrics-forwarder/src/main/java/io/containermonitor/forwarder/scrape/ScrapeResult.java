package io.containermonitor.forwarder.scrape;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.Exposition;
import io.containermonitor.forwarder.exposition.SampleFamily;

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
 * @param families the family of each sample name that the answer's TYPE lines declare
 */
public record ScrapeResult(Target target, ScrapeOutcome outcome, long startMillis, Duration duration,
		List<Sample> samples, Duration retryAfter, String error, Map<String, SampleFamily> families) {

	static ScrapeResult success(Target target, long startMillis, Duration duration, Exposition exposition) {
		return new ScrapeResult(target, ScrapeOutcome.SUCCESS, startMillis, duration, exposition.samples(), null, null,
				exposition.families());
	}

	static ScrapeResult failure(Target target, ScrapeOutcome outcome, long startMillis, Duration duration,
			Duration retryAfter, String error) {
		return new ScrapeResult(target, outcome, startMillis, duration, List.of(), retryAfter, error, Map.of());
	}

	/** The family of a sample name: the declared one, or an untyped family of that name. */
	public SampleFamily familyOf(String sampleName) {
		SampleFamily family = families.get(sampleName);
		return family != null ? family : SampleFamily.untyped(sampleName);
	}

}
