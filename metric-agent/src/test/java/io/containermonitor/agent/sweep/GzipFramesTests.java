package io.containermonitor.agent.sweep;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot's gzip, assembled from its text deflated once and the fresh bytes of one scrape. */
class GzipFramesTests {

	private static final String TEXT = "# HELP cpu_user_usage User CPU utilization in nanoseconds\n"
			+ "# TYPE cpu_user_usage counter\ncpu_user_usage 65454703000\n".repeat(40);

	@ParameterizedTest
	@ValueSource(ints = { 1, 6, 9 })
	void anyGzipReaderDecodesTheFixedTextThenTheFreshBytes(int level) throws IOException {
		GzipFrames frames = new GzipFrames(level);
		byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
		byte[] deflated = frames.deflateOpen(text);
		for (String fresh : new String[] { "", "time_of_day 1764873600000\n", "x".repeat(200_000) }) {
			byte[] gzip = GzipFrames.gzip(deflated, text, fresh.getBytes(StandardCharsets.UTF_8));
			// GZIPInputStream checks the CRC-32 and length of the trailer against what it inflated
			assertThat(gunzip(gzip)).isEqualTo(TEXT + fresh);
		}
		assertThat(deflated.length).as("compressed").isLessThan(text.length / 4);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 10 })
	void aLevelOutsideDeflatesIsRefused(int level) {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GzipFrames(level))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static String gunzip(byte[] gzip) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
