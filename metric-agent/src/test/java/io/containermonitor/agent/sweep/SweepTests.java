package io.containermonitor.agent.sweep;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.NameBasedUuid;
import io.containermonitor.agent.TestProperties;
import io.containermonitor.agent.collect.AgentSelfMetrics;
import io.containermonitor.agent.collect.Collector;
import io.containermonitor.agent.collect.CollectorCatalog;
import io.containermonitor.agent.collect.CollectorRunner;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;
import io.containermonitor.agent.collect.TimeCollector;
import io.containermonitor.agent.collect.cgroup.v2.CgroupV2Layout;
import io.containermonitor.agent.container.ContainerInventory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep over a real container inventory (a cgroup v2 tree in a temporary directory)
 * with a collector that counts its readings, on a clock the test moves.
 */
class SweepTests {

	private static final long S = 1_000_000_000L;

	private static final Pattern READS = Pattern.compile("(?m)^count_reads_total (\\d+)$");

	private static final Pattern COPY = Pattern.compile("(?m)^count_copy_total (\\d+)$");

	@TempDir
	Path root;

	private final AtomicLong clock = new AtomicLong(1000 * S);

	private final Counting counting = new Counting();

	private ContainerInventory inventory;

	private Sweep sweep;

	private UUID c1;

	private UUID c2;

	/** Counts its readings; two series of one reading carry the same count. Fails for {@code c2}. */
	private static final class Counting implements Collector {

		private final AtomicInteger reads = new AtomicInteger();

		@Override
		public String name() {
			return "count";
		}

		@Override
		public Scope scope() {
			return Scope.CONTAINER;
		}

		@Override
		public Duration ttl() {
			return Duration.ofSeconds(10);
		}

		@Override
		public void collect(Target target, MetricSink sink) throws IOException {
			if (target.requireContainer().alias().equals("c2")) {
				throw new IOException("this container's source is broken");
			}
			int n = reads.incrementAndGet();
			sink.counter("count_reads", "Readings taken", n);
			sink.counter("count_copy", "The same count, as a second series of the same reading", n);
		}

	}

	@BeforeEach
	void setUp() throws IOException {
		Files.writeString(root.resolve("cgroup.controllers"), "cpu memory");
		for (String c : new String[] { "c1", "c2" }) {
			Path dir = Files.createDirectories(root.resolve("pool").resolve(c));
			Files.writeString(dir.resolve("cgroup.procs"), "1\n");
		}
		AgentProperties properties = TestProperties.bind(Map.of("cmon.agent.cgroup-root", root.toString(),
				"cmon.agent.discovery.roots", "/pool"));
		inventory = new ContainerInventory(new CgroupV2Layout(root), properties);
		inventory.refresh();
		CollectorCatalog catalog = new CollectorCatalog(List.of(new TimeCollector(), counting), List.of(), properties);
		sweep = new Sweep(inventory, catalog, new CollectorRunner(), properties, new AgentSelfMetrics(inventory),
				clock::get);
		c1 = NameBasedUuid.of("cgroup:/pool/c1");
		c2 = NameBasedUuid.of("cgroup:/pool/c2");
	}

	private String scrape(UUID container) {
		ScrapeAnswer answer = sweep.answerNow(container, false).orElseGet(() -> sweep.answerReading(container, false));
		assertThat(answer.found()).isTrue();
		return new String(answer.body(), StandardCharsets.UTF_8);
	}

	private static int count(Pattern p, String text) {
		Matcher m = p.matcher(text);
		assertThat(m.find()).as(text).isTrue();
		int value = Integer.parseInt(m.group(1));
		assertThat(m.find()).as("one sample only").isFalse();
		return value;
	}

	private void at(long nanos) {
		clock.set(1000 * S + nanos);
	}

	@Test
	void aScrapeIsAnsweredFromTheSnapshotUntilItExpiresThenReadAgain() throws Exception {
		assertThat(sweep.answerNow(c1, true)).isEmpty();
		ScrapeAnswer first = sweep.answerReading(c1, true);
		assertThat(first.gzip()).isTrue();
		String text = gunzip(first.body());
		assertThat(count(READS, text)).isEqualTo(1);
		assertThat(text).contains("count_metrics_cached_boolean 0\n", "time_of_day ");
		at(S);
		Thread.sleep(5); // time_of_day is the real clock's, in milliseconds
		ScrapeAnswer second = sweep.answerNow(c1, true).orElseThrow();
		String again = gunzip(second.body());
		assertThat(count(READS, again)).isEqualTo(1);
		assertThat(again).contains("count_metrics_cached_boolean 1\n");
		assertThat(again.substring(again.indexOf("time_of_day "))).isNotEqualTo(text.substring(text.indexOf("time_of_day ")));
		at(10 * S);
		assertThat(sweep.answerNow(c1, false)).as("the reading is 10 s old: its TTL").isEmpty();
		assertThat(count(READS, scrape(c1))).isEqualTo(2);
		assertThat(counting.reads).hasValue(2);
	}

	@Test
	void theSweepReadsJustBeforeTheNextExpectedScrapeAndThatScrapeReadsNothing() {
		scrape(c1);
		at(15 * S);
		assertThat(count(READS, scrape(c1))).isEqualTo(2);
		at(29 * S + 400_000_000L);
		sweep.tick();
		assertThat(counting.reads).as("not due yet: the next scrape is expected at 30 s").hasValue(2);
		at(29 * S + 600_000_000L);
		sweep.tick();
		assertThat(counting.reads).hasValue(3);
		at(30 * S);
		String text = new String(sweep.answerNow(c1, false).orElseThrow().body(), StandardCharsets.UTF_8);
		assertThat(count(READS, text)).isEqualTo(3);
		assertThat(text).contains("count_metrics_cached_boolean 1\n");
		assertThat(counting.reads).hasValue(3);
	}

	@Test
	void aCollectorFailingInOneContainerLosesOnlyItsOwnMetricsThere() {
		String broken = scrape(c2);
		assertThat(broken).contains("count_metrics_available_boolean 0\n", "time_of_day ")
			.doesNotContain("count_reads_total");
		String fine = scrape(c1);
		assertThat(fine).contains("count_metrics_available_boolean 1\n");
		assertThat(count(READS, fine)).isEqualTo(1);
	}

	@Test
	void aContainerNobodyScrapesIsNoLongerRead() {
		scrape(c1);
		at(15 * S);
		scrape(c1);
		assertThat(sweep.watchedCount()).isEqualTo(1);
		at(15 * S + Duration.ofMinutes(3).toNanos() + S);
		sweep.tick();
		assertThat(sweep.watchedCount()).isZero();
		for (int i = 1; i < 10; i++) {
			at(15 * S + Duration.ofMinutes(3).toNanos() + i * 15 * S);
			sweep.tick();
		}
		assertThat(counting.reads).hasValue(2);
	}

	@Test
	void aContainerThatGoesAwayIsNotFoundAndAnotherIsStillServed() throws IOException {
		scrape(c1);
		scrape(c2);
		Files.delete(root.resolve("pool/c2/cgroup.procs"));
		Files.delete(root.resolve("pool/c2"));
		inventory.refresh();
		assertThat(sweep.answerNow(c2, false)).as("nothing to send: the worker path answers").isEmpty();
		assertThat(sweep.answerReading(c2, false)).isEqualTo(ScrapeAnswer.NOT_FOUND);
		assertThat(sweep.answerNow(c1, false)).hasValueSatisfying(a -> assertThat(a.found()).isTrue());
	}

	@Test
	void scrapesRacingTheSweepNeverSeeAMixOfTwoReadings() throws Exception {
		scrape(c1);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> scrapers = new ArrayList<>();
			for (int t = 0; t < 3; t++) {
				scrapers.add(pool.submit(() -> {
					int answers = 0;
					for (int i = 0; i < 2000; i++) {
						String text = scrape(c1);
						assertThat(count(COPY, text)).isEqualTo(count(READS, text));
						answers++;
					}
					return answers;
				}));
			}
			Future<?> ticking = pool.submit(() -> {
				for (int i = 0; i < 2000; i++) {
					clock.addAndGet(S);
					sweep.tick();
				}
			});
			ticking.get(60, TimeUnit.SECONDS);
			for (Future<Integer> f : scrapers) {
				assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(2000);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(counting.reads.get()).as("readings were taken while the scrapes ran").isGreaterThan(10);
	}

	private static String gunzip(byte[] gzip) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
