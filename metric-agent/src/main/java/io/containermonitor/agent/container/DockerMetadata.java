package io.containermonitor.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Docker container's name and labels, from {@code <docker-root>/containers/<id>/config.v2.json}
 * (Docker's own state file; reading it needs no daemon and enters no container).
 */
public final class DockerMetadata {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final Path dockerRoot;

	public DockerMetadata(Path dockerRoot) {
		this.dockerRoot = dockerRoot;
	}

	/**
	 * Name and labels of the container.
	 * @throws IOException when Docker's state file is missing, unreadable or not its JSON:
	 * the container's owner label cannot be known, so the caller must not serve it (a
	 * container whose {@code triton.cmon.owner} is unknown would otherwise fall to the
	 * default owner and be shown to another account)
	 */
	public Metadata read(String runtimeId) throws IOException {
		Path file = dockerRoot.resolve("containers").resolve(runtimeId).resolve("config.v2.json");
		String json = Files.readString(file);
		try {
			return parse(json);
		}
		catch (RuntimeException ex) {
			throw new IOException("not Docker's container state: " + file + ": " + ex.getMessage(), ex);
		}
	}

	static Metadata parse(String json) {
		JsonNode root = JSON.readTree(json);
		String name = root.path("Name").asString("");
		if (name.startsWith("/")) {
			name = name.substring(1);
		}
		Map<String, String> labels = new LinkedHashMap<>();
		JsonNode l = root.path("Config").path("Labels");
		if (l.isObject()) {
			for (Map.Entry<String, JsonNode> e : l.properties()) {
				labels.put(e.getKey(), e.getValue().asString(""));
			}
		}
		return new Metadata(name.isEmpty() ? null : name, labels);
	}

	/**
	 * @param name the container name, or null
	 * @param labels its labels
	 */
	public record Metadata(String name, Map<String, String> labels) {
	}

}
