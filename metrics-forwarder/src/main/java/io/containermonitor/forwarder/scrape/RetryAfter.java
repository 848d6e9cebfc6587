package io.containermonitor.forwarder.scrape;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {

	/** No server asks for more than this; a larger value is capped. */
	public static final Duration MAX = Duration.ofMinutes(10);

	private RetryAfter() {
	}

	public static Optional<Duration> parse(String header, Instant now) {
		if (header == null || header.isBlank()) {
			return Optional.empty();
		}
		String value = header.strip();
		Duration delay;
		if (value.chars().allMatch(Character::isDigit)) {
			delay = value.length() > 7 ? MAX : Duration.ofSeconds(Long.parseLong(value));
		}
		else {
			try {
				delay = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}
		if (delay.isNegative()) {
			delay = Duration.ZERO;
		}
		return Optional.of(delay.compareTo(MAX) > 0 ? MAX : delay);
	}

}
