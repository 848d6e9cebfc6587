package io.containermonitor.proxy.auth;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the MD5 key fingerprint a cmon-certgen certificate names its signer by,
 * in the issuer CN: {@code MD5:<base64, unpadded>} (what node-triton writes) or
 * colon-hex, as sshpk's {@code parseFingerprint} accepts them. Any other algorithm
 * ({@code SHA256:...}) is refused, as CMON refuses it.
 */
public final class KeyFingerprint {

	private static final Pattern COLON_HEX = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){15}");

	private KeyFingerprint() {
	}

	/** The colon-hex MD5 fingerprint {@code text} names, or empty if it names none. */
	public static Optional<String> parseMd5(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String value = text.trim();
		int colon = value.indexOf(':');
		if (colon > 0 && value.substring(0, colon).equalsIgnoreCase("md5")) {
			value = value.substring(colon + 1);
		}
		else if (colon > 0 && !COLON_HEX.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
			return Optional.empty();
		}
		String lower = value.toLowerCase(Locale.ROOT);
		if (COLON_HEX.matcher(lower).matches()) {
			return Optional.of(lower);
		}
		try {
			byte[] digest = Base64.getDecoder().decode(pad(value));
			if (digest.length != 16) {
				return Optional.empty();
			}
			return Optional.of(HexFormat.ofDelimiter(":").formatHex(digest));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The {@code MD5:<base64>} form node-triton writes into the issuer CN. */
	public static String toMd5Base64(String colonHex) {
		byte[] digest = HexFormat.ofDelimiter(":").parseHex(colonHex);
		return "MD5:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
	}

	private static String pad(String base64) {
		int rest = base64.length() % 4;
		return rest == 0 ? base64 : base64 + "=".repeat(4 - rest);
	}

}
