package io.containermonitor.core.vm;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Prometheus endpoint of the application inside a container, as the container declares
 * it: a label (or, in Triton, a VM tag) {@value #PORT_TAG} and optionally {@value #PATH_TAG}
 * (default {@value #DEFAULT_PATH}). ContainerPilot's {@code telemetry} block serves port 9090,
 * path {@code /metrics}. The values come from the tenant, so anything that is not a plain port
 * and an absolute path of URL-safe characters declares nothing: such a container is not
 * scraped rather than scraped somewhere unintended.
 *
 * @param port the TCP port the application listens on inside the container
 * @param path the HTTP path of its metrics, starting with {@code /}
 */
public record AppEndpoint(int port, String path) {

	/** Label or tag naming the port. */
	public static final String PORT_TAG = "triton.cmon.app-port";

	/** Label or tag naming the path. */
	public static final String PATH_TAG = "triton.cmon.app-path";

	public static final String DEFAULT_PATH = "/metrics";

	/**
	 * RFC 3986 path and query characters without {@code %}-free surprises: no spaces, no CR/LF
	 * (which would let a tag add request headers), no {@code #}, no backslash.
	 */
	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/%?]{0,255}");

	public AppEndpoint {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("application port must be 1..65535: " + port);
		}
		if (path == null || !PATH.matcher(path).matches()) {
			throw new IllegalArgumentException("application path must be an absolute URL path: " + path);
		}
	}

	/** The endpoint the labels or tags declare; empty when they declare none or a malformed one. */
	public static Optional<AppEndpoint> fromTags(Map<String, ?> tags) {
		Object port = tags.get(PORT_TAG);
		if (port == null) {
			return Optional.empty();
		}
		Object path = tags.get(PATH_TAG);
		return parse(String.valueOf(port), path == null ? null : String.valueOf(path));
	}

	/** The endpoint of a port and an optional path (null or empty: {@value #DEFAULT_PATH}); empty when malformed. */
	public static Optional<AppEndpoint> parse(String port, String path) {
		String p = port.trim();
		if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
			return Optional.empty();
		}
		int number = Integer.parseInt(p);
		String effectivePath = path == null || path.isEmpty() ? DEFAULT_PATH : path;
		if (number < 1 || number > 65535 || !PATH.matcher(effectivePath).matches()) {
			return Optional.empty();
		}
		return Optional.of(new AppEndpoint(number, effectivePath));
	}

	/** The form of {@code x-cmon-app-endpoint}: {@code <port> <path>}. */
	public String toHeader() {
		return port + " " + path;
	}

	/** The endpoint of an {@code x-cmon-app-endpoint} header; empty when absent or malformed. */
	public static Optional<AppEndpoint> fromHeader(String header) {
		if (header == null) {
			return Optional.empty();
		}
		int space = header.indexOf(' ');
		if (space < 0) {
			return Optional.empty();
		}
		return parse(header.substring(0, space), header.substring(space + 1));
	}

}
