package io.containermonitor.agent.web;

import java.util.Locale;

/** Reads an {@code Accept-Encoding} header (RFC 9110 section 12.5.3) for the one coding the agent sends. */
final class AcceptEncoding {

	private AcceptEncoding() {
	}

	/** Whether {@code gzip} (or {@code *}) is acceptable, i.e. listed and not with {@code q=0}. */
	static boolean allowsGzip(String header) {
		if (header == null) {
			return false;
		}
		boolean star = false;
		for (String part : header.split(",")) {
			String[] params = part.split(";");
			String coding = params[0].trim().toLowerCase(Locale.ROOT);
			boolean refused = false;
			for (int i = 1; i < params.length; i++) {
				String p = params[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
				if (p.startsWith("q=")) {
					refused = isZero(p.substring(2));
				}
			}
			if (coding.equals("gzip") || coding.equals("x-gzip")) {
				return !refused;
			}
			if (coding.equals("*")) {
				star = !refused;
			}
		}
		return star;
	}

	private static boolean isZero(String q) {
		try {
			return Double.parseDouble(q) == 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
