package io.containermonitor.forwarder.sink.graphite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.containermonitor.forwarder.ForwarderProperties.GraphiteFormat;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;
import io.containermonitor.forwarder.sink.IdentityTags;

/**
 * Names a sample in Graphite. Path format: the template's dotted components with
 * {@code <vm_uuid>}, {@code <vm_alias>}, {@code <server_uuid>} and {@code <metric>}
 * replaced by escaped values, and a {@code <labels>} component replaced by
 * {@code name.value} pairs sorted by name (labels with an empty value left out); empty components are left out. Tagged
 * format: {@code metric;tag=value;...} with the same tags as InfluxDB, sorted.
 */
public final class GraphiteNamer {

	private static final Pattern TOKEN = Pattern.compile("<(vm_uuid|vm_alias|server_uuid|metric)>");

	private static final Pattern ANY_TOKEN = Pattern.compile("<([^>]*)>");

	private final GraphiteFormat format;

	private final List<String> components;

	/** Per component, its pieces: literal text, or a token name in angle brackets; null for {@code <labels>}. */
	private final List<List<String>> pieces;

	public GraphiteNamer(GraphiteFormat format, String template) {
		this.format = format;
		this.components = List.of(template.split("\\."));
		Matcher tokens = ANY_TOKEN.matcher(template);
		while (tokens.find()) {
			String token = tokens.group(1);
			if (!TOKEN.matcher(tokens.group()).matches() && !token.equals("labels")) {
				throw new IllegalArgumentException("unknown token <" + token + "> in Graphite path template '"
						+ template + "'; known: <vm_uuid>, <vm_alias>, <server_uuid>, <metric>, <labels>");
			}
		}
		List<List<String>> split = new ArrayList<>();
		for (String component : components) {
			if (component.contains("<labels>") && !component.equals("<labels>")) {
				throw new IllegalArgumentException("<labels> must be a whole component of '" + template + "'");
			}
			split.add(component.equals("<labels>") ? null : pieces(component));
		}
		this.pieces = split;
	}

	/** Splits a component once, so that naming a sample needs no regular expression. */
	private static List<String> pieces(String component) {
		List<String> pieces = new ArrayList<>();
		Matcher tokens = TOKEN.matcher(component);
		int last = 0;
		while (tokens.find()) {
			if (tokens.start() > last) {
				pieces.add(component.substring(last, tokens.start()));
			}
			pieces.add(tokens.group());
			last = tokens.end();
		}
		if (last < component.length()) {
			pieces.add(component.substring(last));
		}
		return List.copyOf(pieces);
	}

	public String name(ForwardedSample sample) {
		return format == GraphiteFormat.TAGGED ? tagged(sample) : path(sample);
	}

	private String path(ForwardedSample sample) {
		StringBuilder path = new StringBuilder(64);
		for (List<String> component : pieces) {
			if (component == null) {
				new TreeMap<>(sample.labels()).forEach((name, value) -> {
					// An empty label value means "no label" in Prometheus; it gets no path levels.
					if (!value.isEmpty()) {
						append(path, GraphiteEscaper.escape(name));
						append(path, GraphiteEscaper.escape(value));
					}
				});
			}
			else {
				StringBuilder filled = new StringBuilder(32);
				for (String piece : component) {
					filled.append(piece.charAt(0) == '<' && piece.endsWith(">")
							? GraphiteEscaper.escape(value(piece.substring(1, piece.length() - 1), sample)) : piece);
				}
				append(path, filled);
			}
		}
		return path.toString();
	}

	private static void append(StringBuilder path, CharSequence component) {
		if (component.length() == 0) {
			return;
		}
		if (path.length() > 0) {
			path.append('.');
		}
		path.append(component);
	}

	private static String value(String token, ForwardedSample sample) {
		Target target = sample.target();
		// Only the tokens TOKEN accepts get here; a literal "<x>" piece is never a token.
		return switch (token) {
			case "vm_uuid" -> target.vmUuid().toString();
			case "vm_alias" -> target.aliasOrUuid();
			case "server_uuid" -> target.serverUuid() == null ? "" : target.serverUuid();
			default -> sample.name();
		};
	}

	private static String tagged(ForwardedSample sample) {
		StringBuilder out = new StringBuilder(sample.name());
		for (Map.Entry<String, String> tag : new TreeMap<>(IdentityTags.of(sample)).entrySet()) {
			out.append(';').append(tag.getKey()).append('=').append(GraphiteEscaper.escape(tag.getValue()));
		}
		return out.toString();
	}

}
