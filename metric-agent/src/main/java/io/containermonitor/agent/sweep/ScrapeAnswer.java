package io.containermonitor.agent.sweep;

/**
 * What a container scrape answers.
 *
 * @param found whether the container is known and running (else 404)
 * @param body the exposition text, gzipped when {@code gzip}
 * @param gzip whether {@code body} is gzip
 */
public record ScrapeAnswer(boolean found, byte[] body, boolean gzip) {

	static final ScrapeAnswer NOT_FOUND = new ScrapeAnswer(false, new byte[0], false);

}
