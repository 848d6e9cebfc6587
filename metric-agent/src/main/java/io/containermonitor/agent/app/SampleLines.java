package io.containermonitor.agent.app;

/**
 * Counts the samples of a Prometheus or OpenMetrics text answer: its lines that are neither
 * blank nor comments ({@code # HELP}, {@code # TYPE}, {@code # EOF}). Not a parser: the
 * scraper parses, this only bounds what the agent passes on.
 */
final class SampleLines {

	private SampleLines() {
	}

	/** The number of sample lines in {@code text[0..length)}, or {@code limit + 1} as soon as there are more than {@code limit}. */
	static int count(byte[] text, int length, int limit) {
		int samples = 0;
		int i = 0;
		while (i < length) {
			while (i < length && (text[i] == ' ' || text[i] == '\t')) {
				i++;
			}
			if (i < length && text[i] != '\n' && text[i] != '\r' && text[i] != '#') {
				if (++samples > limit) {
					return samples;
				}
			}
			while (i < length && text[i] != '\n') {
				i++;
			}
			i++;
		}
		return samples;
	}

}
