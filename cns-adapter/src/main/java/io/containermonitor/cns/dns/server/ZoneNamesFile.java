package io.containermonitor.cns.dns.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;

/**
 * The names a zone was last served with, beside the serial file, so that a restarted
 * adapter serves its last zone at its last serial until the inventory has been listed
 * again (as CNS keeps serving from Redis), instead of SERVFAIL. Format: the serial on
 * the first line, then one UUID per line; then, for each commit since that full write, its
 * changes appended as {@code +<uuid>} and {@code -<uuid>} lines and a closing
 * {@code @<serial>} line. A commit of a few names so appends a few lines instead of
 * rewriting 100,000; the file is rewritten whole once the appended lines reach a quarter of
 * the names. An append cut short (a crash mid-write) lacks its closing line, or its final
 * newline, and is ignored: the zone comes back at the last complete commit.
 */
final class ZoneNamesFile {

	/**
	 * A zone as it was last served.
	 *
	 * @param serial its serial
	 * @param names its CMON names
	 */
	record Saved(long serial, Set<UUID> names) {

	}

	private final Path file;

	/** Lines appended since the last full write, and how many names that write held. */
	private long appended;

	private long written;

	/** The file for {@code zone} beside {@code serialFile}: {@code <serial file>-<zone>.names}. */
	ZoneNamesFile(Path serialFile, String zone) {
		Path absolute = serialFile.toAbsolutePath();
		this.file = absolute.resolveSibling(absolute.getFileName() + "-" + zone + "names");
	}

	Path path() {
		return file;
	}

	/** Writes the whole zone (replacing the file atomically). */
	synchronized void save(long serial, Iterable<UUID> names) {
		long count = 0;
		try {
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
			try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
				out.write(Long.toString(serial));
				out.newLine();
				for (UUID uuid : names) {
					out.write(uuid.toString());
					out.newLine();
					count++;
				}
			}
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			written = count;
			appended = 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write zone names file " + file, ex);
		}
	}

	/**
	 * Records one commit: its changes appended to the file, or the whole zone ({@code names},
	 * the names after the commit) written again when the file has no full write of this
	 * process yet or the appended lines would reach a quarter of the names.
	 */
	synchronized void commit(long serial, ZoneNames names, Set<UUID> added, Set<UUID> removed) {
		long lines = added.size() + removed.size() + 1L;
		if (written + appended == 0 || appended + lines > 1024 + written / 4 || !Files.exists(file)) {
			save(serial, () -> names.stream().iterator());
			return;
		}
		StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE, lines * 38));
		added.forEach(uuid -> text.append('+').append(uuid).append('\n'));
		removed.forEach(uuid -> text.append('-').append(uuid).append('\n'));
		text.append('@').append(serial).append('\n');
		try {
			Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
			appended += lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot append to zone names file " + file, ex);
		}
	}

	/** The saved zone, or empty if there is no file. */
	Optional<Saved> load() {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			String text = Files.readString(file, StandardCharsets.US_ASCII);
			// Only whole lines count: a last line without its newline is an append cut short.
			List<String> lines = List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
			if (lines.isEmpty() || lines.get(0).isBlank()) {
				throw new IllegalStateException("zone names file " + file + " is empty");
			}
			long serial = Long.parseLong(lines.get(0).trim());
			Set<UUID> names = new HashSet<>();
			List<String> pending = new ArrayList<>();
			for (String line : lines.subList(1, lines.size())) {
				String trimmed = line.trim();
				if (trimmed.isEmpty()) {
					continue;
				}
				char kind = trimmed.charAt(0);
				if (kind == '+' || kind == '-') {
					pending.add(trimmed);
				}
				else if (kind == '@') {
					for (String change : pending) {
						UUID uuid = TritonUuid.require(change.substring(1), "line of " + file);
						if (change.charAt(0) == '+') {
							names.add(uuid);
						}
						else {
							names.remove(uuid);
						}
					}
					pending.clear();
					serial = Long.parseLong(trimmed.substring(1));
				}
				else if (pending.isEmpty()) {
					names.add(TritonUuid.require(trimmed, "line of " + file));
				}
				else {
					throw new IllegalStateException("zone names file " + file + ": a name among appended changes: '"
							+ trimmed + "'");
				}
			}
			// Changes without their closing @serial line: a commit cut short, not served.
			return Optional.of(new Saved(serial, names));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read zone names file " + file, ex);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("zone names file " + file + " does not start with a serial", ex);
		}
	}

}
