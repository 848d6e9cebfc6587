package io.containermonitor.cns.names;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

import io.containermonitor.core.vm.TritonUuid;

/**
 * One forward zone and its CMON names: {@code <uuid>.cmon.<zone>} CNAME
 * {@code cmon.<zone>} (spec §3.5).
 *
 * @param origin the zone apex, absolute and lower-case
 */
public record CmonZone(Name origin) {

	private static final String CMON_LABEL = "cmon";

	public CmonZone {
		Objects.requireNonNull(origin, "origin");
		if (!origin.isAbsolute()) {
			throw new IllegalArgumentException("zone must be absolute: " + origin);
		}
	}

	/** Parses a configured zone name ({@code us-east-1.cns.example.com}, final dot optional). */
	public static CmonZone of(String zone) {
		String lower = zone.toLowerCase(Locale.ROOT);
		try {
			return new CmonZone(Name.fromString(lower.endsWith(".") ? lower : lower + "."));
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("not a zone name: '" + zone + "'", ex);
		}
	}

	/** {@code cmon.<zone>}: where every CMON CNAME points. */
	public Name target() {
		return child(CMON_LABEL, origin);
	}

	/** {@code <uuid>.cmon.<zone>}. */
	public Name nameOf(UUID uuid) {
		return child(uuid.toString(), target());
	}

	/** The UUID if {@code name} is exactly {@code <uuid>.cmon.<zone>} (any case). */
	public Optional<UUID> uuidOf(Name name) {
		if (name.labels() != target().labels() + 1 || !name.subdomain(target())) {
			return Optional.empty();
		}
		return TritonUuid.parseLenient(name.getLabelString(0));
	}

	public boolean contains(Name name) {
		return name.subdomain(origin);
	}

	@Override
	public String toString() {
		return origin.toString(true);
	}

	private static Name child(String label, Name parent) {
		try {
			return Name.concatenate(Name.fromString(label), parent);
		}
		catch (TextParseException | NameTooLongException ex) {
			throw new IllegalArgumentException("cannot build " + label + "." + parent, ex);
		}
	}

}
