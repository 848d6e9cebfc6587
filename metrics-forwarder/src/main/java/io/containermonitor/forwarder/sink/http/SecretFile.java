package io.containermonitor.forwarder.sink.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads a secret (a password, a token) from a file, as Prometheus' {@code *_file}
 * settings do, and refuses a file that users other than its owner and group may read:
 * a secret must never be world-readable. The content is the secret, without a trailing
 * line break.
 */
public final class SecretFile {

	private SecretFile() {
	}

	/**
	 * @param what what the secret is, for the error message (e.g. {@code remote-write password-file})
	 */
	public static String read(Path file, String what) {
		try {
			PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
			if (posix != null) {
				Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
				if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
					throw new IllegalStateException(what + " " + file + " is readable by every user ("
							+ PosixFilePermissions.toString(permissions) + "): make it readable by the forwarder's user "
							+ "only (chmod 600), or mount the secret with mode 0400");
				}
			}
			String secret = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
			if (secret.isEmpty()) {
				throw new IllegalStateException(what + " " + file + " is empty");
			}
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the " + what + " " + file + ": " + ex.getMessage(), ex);
		}
	}

}
