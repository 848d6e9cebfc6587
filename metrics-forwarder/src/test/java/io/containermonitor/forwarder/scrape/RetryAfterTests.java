package io.containermonitor.forwarder.scrape;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void secondsAndHttpDates() {
		assertThat(RetryAfter.parse("3", NOW)).contains(Duration.ofSeconds(3));
		assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
	}

	@Test
	void pastDatesMeanNowAndHugeValuesAreCapped() {
		assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
		assertThat(RetryAfter.parse("99999999999", NOW)).contains(RetryAfter.MAX);
	}

	@Test
	void missingOrUnreadableIsIgnored() {
		assertThat(RetryAfter.parse(null, NOW)).isEmpty();
		assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
		assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
	}

}
