package io.containermonitor.agent.collect;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.containermonitor.agent.Promtool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorRunnerTests {

	private final CollectorRunner runner = new CollectorRunner();

	/** Fails its first {@code failures} runs, then reads a counter. */
	private static final class Flaky implements Collector {

		private final AtomicInteger runs = new AtomicInteger();

		private final int failures;

		Flaky(int failures) {
			this.failures = failures;
		}

		@Override
		public String name() {
			return "flaky";
		}

		@Override
		public Scope scope() {
			return Scope.NODE;
		}

		@Override
		public Duration ttl() {
			return Duration.ZERO;
		}

		@Override
		public void collect(Target target, MetricSink sink) throws IOException {
			if (runs.incrementAndGet() <= failures) {
				throw new IOException("source broken, run " + runs.get());
			}
			sink.counter("flaky_reads", "Reads of the flaky source", runs.get());
		}

	}

	@Test
	void aFailureIsCaughtAndReportedAsUnavailable() {
		Outcome outcome = runner.run(new Flaky(1), Target.node());
		assertThat(outcome.available()).isFalse();
		assertThat(outcome.values()).isEmpty();
		assertThat(outcome.seconds()).isGreaterThanOrEqualTo(0);
	}

	@Test
	void aCollectorThatFailedFiveTimesComesBackByItself() {
		Flaky flaky = new Flaky(6);
		TargetMeters meters = new TargetMeters();
		ReadingCache cache = new ReadingCache(System::nanoTime);
		for (int i = 0; i < 6; i++) {
			meters.apply(cache.get("gz", "flaky", () -> runner.run(flaky, Target.node())));
			assertThat(meters.render()).contains("flaky_metrics_available_boolean 0")
				.doesNotContain("flaky_reads_total");
		}
		meters.apply(cache.get("gz", "flaky", () -> runner.run(flaky, Target.node())));
		String text = meters.render();
		assertThat(text).contains("flaky_metrics_available_boolean 1").contains("flaky_reads_total 7");
		Promtool.assertClean(text);
	}

}
