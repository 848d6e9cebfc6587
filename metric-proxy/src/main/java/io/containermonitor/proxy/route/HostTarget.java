package io.containermonitor.proxy.route;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.containermonitor.core.vm.TritonUuid;

/**
 * What the first label of the Host header names (spec §2.2): {@code cmon}, the
 * service itself, or a lower-case UUID, a VM or compute node to scrape. The Host
 * is lower-cased first; a port stays on the last label; a name without a dot
 * (bare {@code cmon:9163}, an IP literal's first octet) is not a target.
 */
public sealed interface HostTarget {

	/** The service host, {@code cmon.<dc>.<suffix>}: discovery, ping, {@code /v1/<uuid>/metrics}. */
	record Service() implements HostTarget {
	}

	/** {@code <uuid>.cmon.<dc>.<suffix>}: the VM or compute node to scrape. */
	record Target(UUID uuid) implements HostTarget {
	}

	HostTarget SERVICE = new Service();

	/** The target a Host header names, or empty when the header is missing or names neither. */
	static Optional<HostTarget> parse(String host) {
		if (host == null) {
			return Optional.empty();
		}
		String lower = host.toLowerCase(Locale.ROOT);
		int dot = lower.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		String prefix = lower.substring(0, dot);
		if (prefix.equals("cmon")) {
			return Optional.of(SERVICE);
		}
		return TritonUuid.parse(prefix).map(Target::new);
	}

}
