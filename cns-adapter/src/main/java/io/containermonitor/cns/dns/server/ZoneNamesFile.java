package io.containermonitor.cns.dns.server;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;

/**
 * The names a zone was last served with, beside the serial file, so that a restarted
 * adapter serves its last zone at its last serial until the inventory has been listed
 * again (as CNS keeps serving from Redis), instead of SERVFAIL. Format: the serial on
 * the first line, then one UUID per line.
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

	/** The file for {@code zone} beside {@code serialFile}: {@code <serial file>-<zone>.names}. */
	ZoneNamesFile(Path serialFile, String zone) {
		Path absolute = serialFile.toAbsolutePath();
		this.file = absolute.resolveSibling(absolute.getFileName() + "-" + zone + "names");
	}

	Path path() {
		return file;
	}

	void save(long serial, Set<UUID> names) {
		try {
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
			try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
				out.write(Long.toString(serial));
				out.newLine();
				for (UUID uuid : names) {
					out.write(uuid.toString());
					out.newLine();
				}
			}
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write zone names file " + file, ex);
		}
	}

	/** The saved zone, or empty if there is no file. */
	Optional<Saved> load() {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
			String first = in.readLine();
			if (first == null) {
				throw new IllegalStateException("zone names file " + file + " is empty");
			}
			long serial = Long.parseLong(first.trim());
			Set<UUID> names = new HashSet<>();
			String line;
			while ((line = in.readLine()) != null) {
				if (!line.isBlank()) {
					names.add(TritonUuid.require(line.trim(), "line of " + file));
				}
			}
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
