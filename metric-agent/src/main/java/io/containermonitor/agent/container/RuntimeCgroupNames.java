package io.containermonitor.agent.container;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises container cgroups by the names runtimes give them, for both the
 * systemd driver ({@code docker-<id>.scope}) and the cgroupfs driver
 * ({@code /docker/<id>}), plus the configured roots whose children are containers.
 * Pure: it looks at the path only.
 */
public final class RuntimeCgroupNames {

	private static final String HEX64 = "([0-9a-f]{64})";

	private static final List<Rule> RULES = List.of(new Rule("docker", Pattern.compile("docker-" + HEX64 + "\\.scope")),
			new Rule("containerd", Pattern.compile("cri-containerd-" + HEX64 + "\\.scope")),
			// CRI-O and Podman name the cgroup alike with either cgroup manager: with systemd
			// as a scope unit, with cgroupfs as a plain directory (/libpod_parent/libpod-<id>,
			// /kubepods/<qos>/pod<uid>/crio-<id>). Their conmon cgroups (crio-conmon-<id>,
			// libpod-conmon-<id>) are not containers and do not match.
			new Rule("cri-o", Pattern.compile("crio-" + HEX64 + "(?:\\.scope)?")),
			new Rule("podman", Pattern.compile("libpod-" + HEX64 + "(?:\\.scope)?")));

	private static final Pattern BARE_ID = Pattern.compile(HEX64);

	private static final Pattern NSPAWN_SCOPE = Pattern.compile("machine-(.+)\\.scope");

	private static final Pattern NSPAWN_SERVICE = Pattern.compile("systemd-nspawn@(.+)\\.service");

	private final List<String> roots;

	/**
	 * @param roots configured cgroup paths whose direct children are containers
	 */
	public RuntimeCgroupNames(List<String> roots) {
		this.roots = roots.stream().map(RuntimeCgroupNames::normalise).toList();
	}

	public Optional<CgroupMatch> recognise(String cgroupPath) {
		String path = normalise(cgroupPath);
		int slash = path.lastIndexOf('/');
		String parent = slash <= 0 ? "/" : path.substring(0, slash);
		String last = path.substring(slash + 1);
		if (last.isEmpty()) {
			return Optional.empty();
		}
		if (roots.contains(parent)) {
			Matcher id = BARE_ID.matcher(last);
			return Optional.of(new CgroupMatch("cgroup", id.matches() ? last : null, last));
		}
		for (Rule rule : RULES) {
			Matcher m = rule.pattern().matcher(last);
			if (m.matches()) {
				return Optional.of(new CgroupMatch(rule.runtime(), m.group(1), null));
			}
		}
		if (BARE_ID.matcher(last).matches()) {
			String parentName = parent.substring(parent.lastIndexOf('/') + 1);
			if (parentName.equals("docker")) {
				return Optional.of(new CgroupMatch("docker", last, null));
			}
			if (parentName.equals("libpod_parent") || parentName.startsWith("libpod-")) {
				return Optional.of(new CgroupMatch("podman", last, null));
			}
			if (parent.contains("/kubepods")) {
				return Optional.of(new CgroupMatch("containerd", last, null));
			}
		}
		if (parent.endsWith("/machine.slice")) {
			Matcher m = NSPAWN_SCOPE.matcher(last);
			if (m.matches()) {
				return Optional.of(new CgroupMatch("nspawn", null, unescapeSystemd(m.group(1))));
			}
		}
		Matcher service = NSPAWN_SERVICE.matcher(last);
		if (service.matches()) {
			return Optional.of(new CgroupMatch("nspawn", null, unescapeSystemd(service.group(1))));
		}
		return Optional.empty();
	}

	/** systemd escapes unit names: {@code \x2d} is '-'. */
	static String unescapeSystemd(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '\\' && i + 3 < name.length() && name.charAt(i + 1) == 'x') {
				try {
					out.append((char) Integer.parseInt(name.substring(i + 2, i + 4), 16));
					i += 3;
					continue;
				}
				catch (NumberFormatException ex) {
					// not an escape: keep the backslash as written
				}
			}
			out.append(c);
		}
		return out.toString();
	}

	private static String normalise(String path) {
		String p = path.startsWith("/") ? path : "/" + path;
		while (p.length() > 1 && p.endsWith("/")) {
			p = p.substring(0, p.length() - 1);
		}
		return p;
	}

	private record Rule(String runtime, Pattern pattern) {
	}

}
