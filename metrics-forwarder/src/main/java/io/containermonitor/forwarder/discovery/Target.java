package io.containermonitor.forwarder.discovery;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One container to scrape, with the identity that travels with its samples (the
 * values Prometheus' Triton SD puts in {@code __meta_triton_*}).
 *
 * @param vmUuid the VM uuid
 * @param alias the VM alias, or null
 * @param serverUuid the compute node's uuid, or null
 * @param groups the VM's {@code triton.cmon.groups}
 * @param scrapeUrl where it is scraped
 */
public record Target(UUID vmUuid, String alias, String serverUuid, List<String> groups, URI scrapeUrl) {

	public Target {
		Objects.requireNonNull(vmUuid, "vmUuid");
		Objects.requireNonNull(scrapeUrl, "scrapeUrl");
		groups = groups == null ? List.of() : List.copyOf(groups);
	}

	/** The alias, or the uuid when the VM has none. */
	public String aliasOrUuid() {
		return alias == null || alias.isEmpty() ? vmUuid.toString() : alias;
	}

}
