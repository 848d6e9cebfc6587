package io.containermonitor.forwarder.exposition;

import java.util.List;
import java.util.Map;

import io.containermonitor.core.prom.Sample;

/**
 * One parsed scrape answer: its samples in order, and the family of each sample name
 * that a {@code # TYPE} line declared.
 *
 * @param samples the samples, in the order of the answer
 * @param families sample name to its family, for every sample name that has a declared family
 */
public record Exposition(List<Sample> samples, Map<String, SampleFamily> families) {

	public static final Exposition EMPTY = new Exposition(List.of(), Map.of());

	public Exposition {
		samples = List.copyOf(samples);
		families = Map.copyOf(families);
	}

	/** The family of a sample name: the declared one, or an untyped family of that name. */
	public SampleFamily familyOf(String sampleName) {
		SampleFamily family = families.get(sampleName);
		return family != null ? family : SampleFamily.untyped(sampleName);
	}

}
