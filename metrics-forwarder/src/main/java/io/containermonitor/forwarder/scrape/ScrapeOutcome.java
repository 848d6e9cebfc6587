package io.containermonitor.forwarder.scrape;

import java.util.Locale;

/** How one scrape ended; the {@code result} label of {@code cmon_forwarder_scrapes_total}. */
public enum ScrapeOutcome {

	/** 2xx and a well-formed body. */
	SUCCESS,
	/** 2xx but not valid text format; the line number is logged. */
	PARSE_ERROR,
	/** 404: unknown, not owned or not running (CMON does not say which). */
	NOT_FOUND,
	/** 429: the account is over its rate; the target waits for {@code Retry-After}. */
	THROTTLED,
	/** Any other non-2xx answer. */
	HTTP_ERROR,
	/** No complete answer within the scrape timeout. */
	TIMEOUT,
	/** Connection, TLS or body-size failure. */
	TRANSPORT_ERROR,
	/** Not started: the previous scrape of this target was still running. */
	SKIPPED;

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
