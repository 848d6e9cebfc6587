package io.containermonitor.core.vm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A VM (container or hardware VM) as far as Container Monitor cares: the VMAPI
 * fields it routes, authorises, discovers and names by.
 *
 * @param uuid the VM uuid
 * @param alias VMAPI {@code alias}, or null
 * @param ownerUuid the owning account
 * @param serverUuid the compute node it runs on, or null before allocation
 * @param state VMAPI {@code state}
 * @param brand VMAPI {@code brand} (joyent, lx, bhyve, kvm; "linux" for standalone containers), or null
 * @param imageUuid VMAPI {@code image_uuid}, or null
 * @param tags VMAPI {@code tags}; values are strings, numbers or booleans
 * @param createTimestamp VMAPI {@code create_timestamp}, or null
 * @param destroyed VMAPI {@code destroyed}, or null unless destroyed
 * @param lastModified VMAPI {@code last_modified}, or null
 */
public record Vm(UUID uuid, String alias, UUID ownerUuid, UUID serverUuid, VmState state, String brand,
		UUID imageUuid, Map<String, Object> tags, Instant createTimestamp, Instant destroyed,
		Instant lastModified) {

	/** Tag holding a VM's CMON groups, comma separated. */
	public static final String GROUPS_TAG = "triton.cmon.groups";

	/** Tag marking Triton core (admin) VMs; a value of {@code nat} marks NAT zones. */
	public static final String SMARTDC_ROLE_TAG = "smartdc_role";

	/** Tag marking Manta VMs. */
	public static final String MANTA_ROLE_TAG = "manta_role";

	public Vm {
		Objects.requireNonNull(uuid, "uuid");
		Objects.requireNonNull(ownerUuid, "owner_uuid");
		Objects.requireNonNull(state, "state");
		tags = tags == null ? Map.of() : Map.copyOf(tags);
	}

	/** A VM is gone for good once destroyed or failed (VMAPI's complement of {@code state=active}). */
	public boolean isGone() {
		return !state.isActive() || destroyed != null;
	}

	public Optional<String> tag(String key) {
		Object value = tags.get(key);
		return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
	}

	/** CMON groups from the {@value #GROUPS_TAG} tag, split on commas; empty without the tag. */
	public List<String> groups() {
		return tag(GROUPS_TAG).filter(v -> !v.isEmpty()).map(v -> List.of(v.split(","))).orElse(List.of());
	}

	/** NAT zones are infrastructure: CMON never lists or serves them. */
	public boolean isNatZone() {
		return tag(SMARTDC_ROLE_TAG).filter("nat"::equals).isPresent();
	}

	/** Triton core VMs carry a {@code smartdc_role} or {@code manta_role} tag. */
	public boolean hasCoreTag() {
		return tags.containsKey(SMARTDC_ROLE_TAG) || tags.containsKey(MANTA_ROLE_TAG);
	}

	public Vm withState(VmState newState) {
		return new Vm(uuid, alias, ownerUuid, serverUuid, newState, brand, imageUuid, tags, createTimestamp,
				destroyed, lastModified);
	}

	public Vm withServerUuid(UUID newServer) {
		return new Vm(uuid, alias, ownerUuid, newServer, state, brand, imageUuid, tags, createTimestamp, destroyed,
				lastModified);
	}

}
