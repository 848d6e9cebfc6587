package io.containermonitor.proxy.auth;

import java.nio.file.Path;

/** The accounts file cannot be used: names the file, the entry and the reason. */
public class AccountsFileException extends RuntimeException {

	public AccountsFileException(Path file, String where, String reason) {
		super("accounts file " + file + (where == null ? "" : ", " + where) + ": " + reason);
	}

	public AccountsFileException(Path file, String where, String reason, Throwable cause) {
		super("accounts file " + file + (where == null ? "" : ", " + where) + ": " + reason, cause);
	}

}
