package io.containermonitor.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who this node is: its server uuid and host name.
 *
 * @param serverUuid the server uuid (configured, or a v5 uuid of /etc/machine-id)
 * @param hostname the host name
 */
public record NodeIdentity(UUID serverUuid, String hostname) {

	/** Resolves the identity from the settings, reading the machine id only when no uuid is set. */
	public static NodeIdentity from(AgentProperties properties) {
		UUID uuid = properties.serverUuid() != null ? properties.serverUuid()
				: fromMachineId(properties.machineIdFile());
		String hostname = properties.hostname() != null ? properties.hostname() : systemHostname();
		return new NodeIdentity(uuid, hostname);
	}

	static UUID fromMachineId(Path file) {
		try {
			String id = Files.readString(file).trim();
			if (id.isEmpty()) {
				throw new IllegalStateException("machine id file " + file
						+ " is empty; set cmon.agent.server-uuid");
			}
			return NameBasedUuid.of("machine-id:" + id);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read machine id from " + file
					+ "; set cmon.agent.server-uuid", ex);
		}
	}

	private static String systemHostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String env = System.getenv("HOSTNAME");
			return env != null ? env : "localhost";
		}
	}

}
