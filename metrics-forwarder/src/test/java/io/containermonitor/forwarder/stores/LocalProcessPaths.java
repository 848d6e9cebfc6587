package io.containermonitor.forwarder.stores;

/** Finds a binary a test needs, failing (never skipping) with the Debian package to install. */
public final class LocalProcessPaths {

	private LocalProcessPaths() {
	}

	public static String require(String binary, String debianPackage) {
		return LocalProcess.requireBinary(binary, debianPackage).toString();
	}

}
