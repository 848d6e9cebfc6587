package io.containermonitor.e2e;

/**
 * The suite's version, as the build passes it from the POM (failsafe's
 * {@code cmon.project.version}), so that it is written in one place: the root
 * {@code pom.xml}, which {@code ./cmon} reads too.
 */
final class ProjectVersion {

	static final String PROPERTY = "cmon.project.version";

	private ProjectVersion() {
	}

	/** The POM's version, e.g. {@code 0.1.0-SNAPSHOT}. */
	static String get() {
		String version = System.getProperty(PROPERTY);
		if (version == null || version.isBlank()) {
			throw new IllegalStateException("no " + PROPERTY + " system property: run these tests through Maven "
					+ "(./mvnw verify), which sets it from the POM");
		}
		return version;
	}

	/** The version of a release, which the images are tagged with: without {@code -SNAPSHOT}. */
	static String release() {
		return get().replaceFirst("-SNAPSHOT$", "");
	}

	/** A module's packaged jar name. */
	static String jar(String module) {
		return module + "-" + get() + ".jar";
	}

}
