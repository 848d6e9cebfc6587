package io.containermonitor.cns.dns.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;

/**
 * Hands out SOA serials that only move forward, even across restarts: the last
 * serial of each zone is written to a file before it is published.
 *
 * <p>A serial is CNS's clock (10-second ticks since 1900, spec §3.8) or one more than
 * the last, whichever is larger, so serials stay close to CNS's and never repeat.
 * Thread-safe.
 */
public class SerialStore {

	private static final long MAX_SERIAL = 0xFFFF_FFFFL;

	private final Path file;

	private final Clock clock;

	private final Properties serials = new Properties();

	public SerialStore(Path file, Clock clock) {
		this.file = file;
		this.clock = clock;
		if (Files.exists(file)) {
			try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				serials.load(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read serial file " + file, ex);
			}
		}
	}

	/** CNS's {@code currentSerial()}: 10-second ticks since 1900-01-01 (months of 31 days). */
	static long ticks(ZonedDateTime utc) {
		long months = (utc.getYear() - 1900L) * 12 + (utc.getMonthValue() - 1);
		long days = months * 31 + (utc.getDayOfMonth() - 1);
		long hours = days * 24 + utc.getHour();
		long minutes = hours * 60 + utc.getMinute();
		return minutes * 6 + utc.getSecond() / 10;
	}

	/** The last serial stored for {@code zone}, or -1. */
	public synchronized long last(String zone) {
		String value = serials.getProperty(zone);
		return value == null ? -1 : Long.parseLong(value);
	}

	/** A new serial for {@code zone}, greater than every earlier one, stored before it is returned. */
	public synchronized long next(String zone) {
		long now = ticks(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
		long next = Math.max(now, last(zone) + 1);
		if (next > MAX_SERIAL) {
			// ~year 2500; RFC 1982 wrap-around is not needed before then.
			throw new IllegalStateException("serial of " + zone + " would pass 2^32: " + next);
		}
		serials.setProperty(zone, Long.toString(next));
		save();
		return next;
	}

	private void save() {
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				serials.store(out, "CMON zone serials: the last one published per zone");
			}
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write serial file " + file, ex);
		}
	}

}
