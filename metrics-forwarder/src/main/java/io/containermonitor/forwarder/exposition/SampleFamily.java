package io.containermonitor.forwarder.exposition;

import java.util.Objects;

import io.containermonitor.core.prom.MetricType;

/**
 * The metric family a sample belongs to, from the answer's {@code # TYPE} lines: a
 * histogram's {@code x_bucket}, {@code x_sum} and {@code x_count} belong to family
 * {@code x} of type histogram. A sample without a TYPE line is its own untyped family.
 *
 * @param name the family name (the name on the TYPE line)
 * @param type the declared type, {@link MetricType#UNTYPED} when none was declared
 */
public record SampleFamily(String name, MetricType type) {

	public SampleFamily {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
	}

	public static SampleFamily untyped(String name) {
		return new SampleFamily(name, MetricType.UNTYPED);
	}

	/** Whether a sample of this name belongs to the family, by the suffixes its type allows. */
	boolean owns(String sampleName) {
		if (sampleName.equals(name)) {
			return true;
		}
		if (!sampleName.startsWith(name) || sampleName.length() <= name.length() + 1
				|| sampleName.charAt(name.length()) != '_') {
			return false;
		}
		String suffix = sampleName.substring(name.length() + 1);
		return switch (type) {
			case HISTOGRAM -> suffix.equals("bucket") || suffix.equals("sum") || suffix.equals("count")
					|| suffix.equals("created");
			case SUMMARY -> suffix.equals("sum") || suffix.equals("count") || suffix.equals("created");
			case COUNTER -> suffix.equals("created");
			default -> false;
		};
	}

}
