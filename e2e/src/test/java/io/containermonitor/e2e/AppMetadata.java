package io.containermonitor.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property one of our applications knows: its own and those of
 * every library it ships, read from the Spring Boot configuration metadata inside
 * its packaged jar. A setting that is not here is silently ignored at run time, so
 * deployment files are checked against it.
 */
final class AppMetadata {

	private final String module;

	private final Set<String> canonicalNames = new HashSet<>();

	private final Set<String> mapPrefixes = new HashSet<>();

	private AppMetadata(String module) {
		this.module = module;
	}

	static AppMetadata of(Path project, String module) throws IOException {
		Path jar = project.resolve(module).resolve("target").resolve(ProjectVersion.jar(module));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("no packaged jar for " + module + " at " + jar + ": run ./mvnw package first");
		}
		AppMetadata metadata = new AppMetadata(module);
		try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
			metadata.scan(in);
		}
		return metadata;
	}

	private void scan(JarInputStream jar) throws IOException {
		JarEntry entry;
		while ((entry = jar.getNextJarEntry()) != null) {
			String name = entry.getName();
			if (name.endsWith(".jar")) {
				scan(new JarInputStream(nonClosing(jar)));
			}
			else if (name.endsWith("META-INF/spring-configuration-metadata.json")
					|| name.endsWith("META-INF/additional-spring-configuration-metadata.json")) {
				read(JsonMapper.shared().readTree(nonClosing(jar)));
			}
		}
	}

	private void read(JsonNode metadata) {
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			canonicalNames.add(canonical(name));
			String type = property.path("type").asString("");
			if (type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.endsWith("[]")) {
				mapPrefixes.add(canonical(name));
			}
		}
	}

	/** Whether the application binds this property (relaxed: kebab, camel or environment-variable form). */
	boolean knows(String property) {
		String canonical = canonical(property);
		if (canonicalNames.contains(canonical)) {
			return true;
		}
		// Maps and lists take any key or index below them.
		return mapPrefixes.stream().anyMatch(canonical::startsWith);
	}

	String module() {
		return module;
	}

	/** Spring's relaxed binding: case, dashes, dots and underscores do not matter. */
	static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	private static InputStream nonClosing(InputStream in) {
		return new java.io.FilterInputStream(in) {
			@Override
			public void close() {
			}
		};
	}

}
