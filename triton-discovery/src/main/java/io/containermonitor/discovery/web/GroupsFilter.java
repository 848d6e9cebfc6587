package io.containermonitor.discovery.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.containermonitor.core.vm.Vm;

/**
 * The {@code groups} query parameter of {@code /v1/discover}: validated as triton-tags validates
 * a {@code triton.cmon.groups} value (a single string; 1 to 100 groups of 1 to 100 letters,
 * digits, {@code _} or {@code -}; no duplicates), matched with OR semantics.
 */
public final class GroupsFilter {

	static final int MAX_GROUPS = 100;

	static final int MAX_GROUP_LENGTH = 100;

	private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]*");

	/** CMON's Manta operator: a VM's {@code manta_role} counts as one of its groups for it. */
	static final String MANTA_OPERATOR_LOGIN = "poseidon";

	private static final String INVALID = "invalid \"groups\":invalid \"triton.cmon.groups\" tag: ";

	private final Set<String> groups;

	private GroupsFilter(Set<String> groups) {
		this.groups = groups;
	}

	/**
	 * The filter for the given values of the {@code groups} parameter; empty when the parameter
	 * is absent. Throws a 400 {@link ApiException} carrying triton-tags' message for bad input.
	 */
	public static Optional<GroupsFilter> parse(List<String> values) {
		if (values == null || values.isEmpty()) {
			return Optional.empty();
		}
		if (values.size() > 1) {
			throw ApiException.badRequest("invalid \"groups\":Triton tag \"triton.cmon.groups\" value must be a string: "
					+ values.stream().map(v -> '"' + v + '"').collect(Collectors.joining(",", "[", "]"))
					+ " (object)");
		}
		String value = values.get(0);
		if (value.isEmpty()) {
			throw ApiException.badRequest(INVALID + "must contain at least one valid group string");
		}
		String[] parts = value.split(",", -1);
		Set<String> groups = new LinkedHashSet<>();
		for (String group : parts) {
			if (!GROUP.matcher(group).matches()) {
				throw ApiException.badRequest(
						INVALID + "groups must be strings comprised of letters, numbers, _, and -");
			}
		}
		if (parts.length > MAX_GROUPS) {
			throw ApiException.badRequest(INVALID + "must contain less than or equal to 100 group strings");
		}
		for (String group : parts) {
			if (!groups.add(group)) {
				throw ApiException.badRequest(INVALID + "contains duplicate group " + group);
			}
			if (group.isEmpty() || group.length() > MAX_GROUP_LENGTH) {
				throw ApiException.badRequest(INVALID
						+ "group name must be no less than 1 character and no greater than 100 characters");
			}
		}
		return Optional.of(new GroupsFilter(Set.copyOf(groups)));
	}

	/** Whether any of the VM's groups was asked for (for {@code poseidon}, its Manta role counts too). */
	public boolean matches(Vm vm, String callerLogin) {
		for (String group : vm.groups()) {
			if (groups.contains(group)) {
				return true;
			}
		}
		return MANTA_OPERATOR_LOGIN.equals(callerLogin)
				&& vm.tag(Vm.MANTA_ROLE_TAG).filter(groups::contains).isPresent();
	}

	public Set<String> groups() {
		return groups;
	}

}
