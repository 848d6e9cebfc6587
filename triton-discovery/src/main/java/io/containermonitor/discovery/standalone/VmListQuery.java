package io.containermonitor.discovery.standalone;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.containermonitor.core.vm.TritonUuid;
import io.containermonitor.core.vm.Vm;
import io.containermonitor.core.vm.VmState;
import io.containermonitor.discovery.web.ValidationFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.util.MultiValueMap;

/**
 * The parameters of VMAPI's {@code GET /vms} that the registry serves: filters
 * {@code owner_uuid}, {@code server_uuid}, {@code state} (a state, or {@code active}),
 * {@code uuid}, {@code uuids} (comma separated: CMON re-reads a burst of changed VMs that way); paging by {@code limit} (1..1000, default 1000) and
 * {@code marker={"uuid":"..."}} (or the deprecated {@code offset}); {@code sort} by uuid
 * only. Like VMAPI, anything else is a 409 ValidationFailed. {@code fields} is accepted and
 * ignored (whole VMs are returned).
 *
 * @param owner owner filter, or null
 * @param server server filter, or null
 * @param state state filter ({@code active} is {@link #ACTIVE}), or null
 * @param uuid uuid filter, or null
 * @param uuids uuids filter ({@code uuids=a,b,...}), or null
 * @param limit page size
 * @param marker the uuid (as text: VMAPI compares text, and CNS probes with {@code "000000"}) after
 * which the page starts, or null
 * @param offset VMs to skip (deprecated paging)
 * @param descending uuid order
 */
record VmListQuery(UUID owner, UUID server, String state, UUID uuid, Set<UUID> uuids, int limit, String marker,
		int offset, boolean descending) {

	static final String ACTIVE = "active";

	static final int MAX_LIMIT = 1000;

	private static final Set<String> KNOWN = Set.of("owner_uuid", "server_uuid", "state", "uuid", "uuids", "limit",
			"marker", "offset", "sort", "fields");

	static VmListQuery parse(MultiValueMap<String, String> params, ObjectMapper mapper) {
		for (String name : params.keySet()) {
			if (!KNOWN.contains(name)) {
				throw new ValidationFailedException(name, "Invalid", "unsupported parameter");
			}
		}
		UUID owner = uuid(params, "owner_uuid");
		UUID server = uuid(params, "server_uuid");
		UUID uuid = uuid(params, "uuid");
		Set<UUID> uuids = uuids(single(params, "uuids"));
		String state = single(params, "state");
		if (state != null && !state.equals(ACTIVE)
				&& !VmState.fromWire(state).wireName().equals(state)) {
			throw new ValidationFailedException("state", "Invalid", "unknown state: " + state);
		}
		int limit = integer(params, "limit", MAX_LIMIT);
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new ValidationFailedException("limit", "Invalid", "limit must be between 1 and 1000");
		}
		int offset = integer(params, "offset", 0);
		if (offset < 0) {
			throw new ValidationFailedException("offset", "Invalid", "offset must be 0 or more");
		}
		String marker = marker(single(params, "marker"), mapper);
		if (marker != null && params.containsKey("offset")) {
			throw new ValidationFailedException("marker", "ConflictingParameters",
					"offset and marker cannot be used together");
		}
		return new VmListQuery(owner, server, state, uuid, uuids, limit, marker, offset,
				descending(single(params, "sort")));
	}

	/** Whether the VM passes the filters (paging aside). */
	Predicate<Vm> filter() {
		return vm -> (owner == null || owner.equals(vm.ownerUuid()))
				&& (server == null || server.equals(vm.serverUuid())) && (uuid == null || uuid.equals(vm.uuid()))
				&& (uuids == null || uuids.contains(vm.uuid()))
				&& (state == null || (state.equals(ACTIVE) ? vm.state().isActive() : vm.state().wireName().equals(state)));
	}

	/** Whether the answer can hold a destroyed VM (otherwise the owner's live VMs suffice). */
	boolean mayIncludeDestroyed() {
		return state == null || state.equals(VmState.DESTROYED.wireName());
	}

	private static boolean descending(String sort) {
		if (sort == null || sort.equals("uuid") || sort.equals("uuid.desc") || sort.equals("uuid.DESC")) {
			return true;
		}
		if (sort.equals("uuid.asc") || sort.equals("uuid.ASC")) {
			return false;
		}
		throw new ValidationFailedException("sort", "Invalid", "only sorting by uuid is supported");
	}

	private static String marker(String text, ObjectMapper mapper) {
		if (text == null) {
			return null;
		}
		try {
			JsonNode node = mapper.readTree(text);
			JsonNode uuid = node == null ? null : node.get("uuid");
			if (uuid != null && uuid.isString() && !uuid.asString().isEmpty()) {
				return uuid.asString().toLowerCase(Locale.ROOT);
			}
		}
		catch (JacksonException ex) {
			// reported below
		}
		throw new ValidationFailedException("marker", "Invalid", "marker must be a JSON object with a uuid");
	}

	private static Set<UUID> uuids(String csv) {
		if (csv == null) {
			return null;
		}
		Set<UUID> uuids = new java.util.LinkedHashSet<>();
		for (String text : csv.split(",")) {
			String trimmed = text.trim();
			if (!trimmed.isEmpty()) {
				uuids.add(TritonUuid.parseLenient(trimmed)
					.orElseThrow(() -> new ValidationFailedException("uuids", "Invalid", "not a UUID: " + trimmed)));
			}
		}
		return uuids;
	}

	private static UUID uuid(MultiValueMap<String, String> params, String name) {
		String text = single(params, name);
		if (text == null) {
			return null;
		}
		return TritonUuid.parseLenient(text)
			.orElseThrow(() -> new ValidationFailedException(name, "Invalid", "not a UUID: " + text));
	}

	private static int integer(MultiValueMap<String, String> params, String name, int absent) {
		String text = single(params, name);
		if (text == null) {
			return absent;
		}
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new ValidationFailedException(name, "Invalid", "not a number: " + text);
		}
	}

	private static String single(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new ValidationFailedException(name, "Invalid", "given more than once");
		}
		return values.get(0);
	}

}
