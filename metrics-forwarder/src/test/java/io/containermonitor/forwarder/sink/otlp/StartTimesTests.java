package io.containermonitor.forwarder.sink.otlp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartTimesTests {

	private final StartTimes startTimes = new StartTimes(60_000);

	@Test
	void aSeriesStartsAtItsFirstPointAndKeepsThatStartWhileItGrows() {
		assertThat(startTimes.startOf("s", 1_000, 5)).isEqualTo(1_000);
		assertThat(startTimes.startOf("s", 2_000, 5)).isEqualTo(1_000);
		assertThat(startTimes.startOf("s", 3_000, 9)).isEqualTo(1_000);
		assertThat(startTimes.startOf("other", 3_000, 1)).isEqualTo(3_000);
	}

	@Test
	void aLowerValueIsAResetAfterWhichTheSeriesStartsJustAfterTheLastPointBeforeIt() {
		startTimes.startOf("s", 1_000, 10);
		startTimes.startOf("s", 2_000, 12);
		assertThat(startTimes.startOf("s", 3_000, 2)).isEqualTo(2_001);
		assertThat(startTimes.startOf("s", 4_000, 3)).isEqualTo(2_001);
	}

	@Test
	void theSamePointAgainFromARetriedBatchChangesNothing() {
		startTimes.startOf("s", 1_000, 10);
		startTimes.startOf("s", 2_000, 12);
		assertThat(startTimes.startOf("s", 2_000, 12)).isEqualTo(1_000);
		assertThat(startTimes.startOf("s", 3_000, 13)).isEqualTo(1_000);
	}

	@Test
	void aSeriesUnseenForTheLimitIsForgottenAndStartsAgain() {
		startTimes.startOf("gone", 1_000, 10);
		startTimes.startOf("kept", 1_000, 10);
		startTimes.startOf("kept", 100_000, 11);
		startTimes.sweep(120_000);
		assertThat(startTimes.size()).isEqualTo(1);
		assertThat(startTimes.startOf("gone", 125_000, 11)).isEqualTo(125_000);
		assertThat(startTimes.startOf("kept", 125_000, 12)).isEqualTo(1_000);
	}

}
