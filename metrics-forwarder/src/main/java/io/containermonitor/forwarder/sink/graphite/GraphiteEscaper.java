package io.containermonitor.forwarder.sink.graphite;

import java.nio.charset.StandardCharsets;

/**
 * Makes any text one safe Graphite path component (or tag value): letters, digits,
 * {@code _} and {@code -} stay; every other byte of its UTF-8 form, the dot,
 * space, comma, quotes, semicolon, line breaks and {@code %} itself included,
 * becomes {@code %XX}. Reversible, never splits a path, never breaks a line of
 * the plaintext protocol, and gives a valid file name for whisper.
 */
public final class GraphiteEscaper {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private GraphiteEscaper() {
	}

	public static String escape(String text) {
		int i = 0;
		while (i < text.length() && isSafe(text.charAt(i))) {
			i++;
		}
		if (i == text.length()) {
			return text;
		}
		StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
		for (byte b : text.substring(i).getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if (isSafe(c)) {
				out.append(c);
			}
			else {
				out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
			}
		}
		return out.toString();
	}

	private static boolean isSafe(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

}
