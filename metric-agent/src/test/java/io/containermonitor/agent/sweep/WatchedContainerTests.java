package io.containermonitor.agent.sweep;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the sweep reads a container next. */
class WatchedContainerTests {

	private static final long S = 1_000_000_000L;

	private static final long LEAD = S / 2;

	private static Snapshot readAt(long at, long ttl) {
		return new Snapshot(new byte[0], at, at + ttl, true, List.of(), false);
	}

	@Test
	void aContainerNotReadYetIsDueAtOnce() {
		WatchedContainer w = new WatchedContainer(UUID.randomUUID(), 5 * S);
		assertThat(w.nextReadNanos(LEAD)).isEqualTo(5 * S);
	}

	@Test
	void withOneScrapeSoFarTheSnapshotIsKeptFreshUntilItsTtl() {
		WatchedContainer w = new WatchedContainer(UUID.randomUUID(), 0);
		w.snapshot(readAt(0, 10 * S));
		assertThat(w.nextReadNanos(LEAD)).isEqualTo(10 * S - LEAD);
	}

	@Test
	void scrapedLessOftenThanTheTtlTheReadingIsTakenJustBeforeTheNextScrape() {
		WatchedContainer w = new WatchedContainer(UUID.randomUUID(), 0);
		w.scraped(15 * S, true);
		w.snapshot(readAt(15 * S, 10 * S));
		// every 15 s with a 10 s TTL: one reading per scrape, not one and a half
		assertThat(w.nextReadNanos(LEAD)).isEqualTo(30 * S - LEAD);
	}

	@Test
	void scrapedMoreOftenThanTheTtlItIsReadOncePerTtlBeforeTheFirstScrapeTheSnapshotCannotServe() {
		WatchedContainer w = new WatchedContainer(UUID.randomUUID(), 0);
		w.scraped(4 * S, false);
		w.snapshot(readAt(4 * S, 10 * S));
		// scrapes at 8, 12, 16 s...: the one at 16 s is the first after the reading expires at 14 s
		assertThat(w.nextReadNanos(LEAD)).isEqualTo(16 * S - LEAD);
		assertThat(w.wantsGzip()).isFalse();
	}

	@Test
	void twoScrapesAtOnceSayNothingOfTheInterval() {
		WatchedContainer w = new WatchedContainer(UUID.randomUUID(), 0);
		w.scraped(15 * S, true);
		w.scraped(15 * S + 1_000_000, true);
		w.snapshot(readAt(15 * S, 10 * S));
		assertThat(w.nextReadNanos(LEAD)).isEqualTo(30 * S + 1_000_000 - LEAD);
	}

}
