package io.containermonitor.core.vm;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The UUID form Triton uses everywhere (VM, server, account): 36 characters,
 * lower-case hex with dashes. {@link UUID#fromString} alone accepts short groups
 * ("1-2-3-4-5"), which Triton never produces and a Host header must not smuggle in.
 */
public final class TritonUuid {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private TritonUuid() {
	}

	/** The UUID, if {@code text} is a canonical lower-case UUID; empty otherwise. */
	public static Optional<UUID> parse(String text) {
		if (text == null || !CANONICAL.matcher(text).matches()) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(text));
	}

	/** Like {@link #parse} but accepts upper case, as VMAPI does on input. */
	public static Optional<UUID> parseLenient(String text) {
		return text == null ? Optional.empty() : parse(text.toLowerCase(java.util.Locale.ROOT));
	}

	/** The UUID, or an {@link IllegalArgumentException} naming what the value was for. */
	public static UUID require(String text, String what) {
		return parseLenient(text).orElseThrow(() -> new IllegalArgumentException(
				what + " is not a UUID: '" + text + "'"));
	}

}
