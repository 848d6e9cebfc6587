package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes stand-ins for zfs, zpool, vmadm, zoneadm and ntpq: shell scripts that log their
 * arguments (one per line, to {@code <name>.args}) and print a canned output, in the
 * exact format the real command prints.
 */
final class FakeCommands {

	private final Path dir;

	FakeCommands(Path dir) {
		this.dir = dir;
	}

	/** A command printing {@code stdout} and exiting with {@code status}. */
	Path command(String name, String stdout, int status) throws IOException {
		Path out = dir.resolve(name + ".out");
		Files.writeString(out, stdout);
		Path script = dir.resolve(name);
		Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + dir.resolve(name + ".args")
				+ "'\ncat '" + out + "'\n" + (status != 0 ? "echo '" + name + ": something failed' >&2\n" : "")
				+ "exit " + status + "\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return script;
	}

	Path command(String name, String stdout) throws IOException {
		return command(name, stdout, 0);
	}

	/**
	 * A stand-in ntpq answering {@code -n -c apeers} and
	 * {@code -n -c iostats -c kerninfo -c monstats -c sysinfo -c sysstats [-c "readvar N"]}
	 * (arguments of the last run in {@code ntpq.args}), or, with a non-zero status,
	 * failing as ntpq does when ntpd is down: stderr only.
	 */
	Path ntpq(String apeers, String system, int status) throws IOException {
		Files.writeString(dir.resolve("apeers"), apeers);
		Files.writeString(dir.resolve("system"), system);
		Path script = dir.resolve("ntpq");
		Files.writeString(script, "#!/bin/sh\n"
				+ "[ " + status + " -ne 0 ] && { echo '/usr/sbin/ntpq: read: Connection refused' >&2; exit 0; }\n"
				+ "case \"$*\" in\n"
				+ "'-n -c apeers') cat '" + dir.resolve("apeers") + "';;\n"
				+ "'-n -c iostats -c kerninfo -c monstats -c sysinfo -c sysstats'*) "
				+ "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + dir.resolve("ntpq.args") + "'; cat '"
				+ dir.resolve("system") + "';;\n"
				+ "*) echo \"unexpected: $*\" >&2; exit 2;;\nesac\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return script;
	}

	/** The arguments of the last run, one per line. */
	String args(String name) throws IOException {
		return Files.readString(dir.resolve(name + ".args"));
	}

}
