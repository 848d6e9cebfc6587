package io.containermonitor.agent.collect.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads kernel files. A file the kernel may rightly omit (swap accounting off, PSI
 * disabled, an older kernel) is read with {@link #readOptional}; everything else
 * with {@link #read}, whose {@link java.nio.file.NoSuchFileException} means the cgroup is gone.
 */
public final class CgroupFiles {

	private CgroupFiles() {
	}

	public static String read(Path dir, String file) throws IOException {
		return Files.readString(dir.resolve(file));
	}

	/** The content, or empty when the file does not exist (the kernel omits it). */
	public static Optional<String> readOptional(Path dir, String file) throws IOException {
		Path path = dir.resolve(file);
		if (!Files.exists(path)) {
			if (!Files.isDirectory(dir)) {
				throw new NoSuchFileException(dir.toString(), null, "cgroup is gone");
			}
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readString(path));
		}
		catch (IOException ex) {
			// PSI files exist but fail with EOPNOTSUPP when pressure accounting is off.
			if (ex.getMessage() != null && ex.getMessage().contains("not supported")) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
