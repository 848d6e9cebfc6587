package io.containermonitor.core.triton.changefeed;

import java.util.List;
import java.util.Objects;

/**
 * A resource a change-feed publisher offers, as its bootstrap frame and
 * {@code GET /changefeeds} describe it.
 *
 * @param resource the resource name ({@code vm} for VMAPI)
 * @param subResources the advertised sub-resources
 * @param bootstrapRoute the listing a listener re-reads on bootstrap ({@code /vms})
 */
public record ChangeFeedResource(String resource, List<String> subResources, String bootstrapRoute) {

	/** VMAPI's nine advertised sub-resources (sdc-vmapi's SAPI template). */
	public static final List<String> VMAPI_SUB_RESOURCES = List.of("alias", "customer_metadata", "destroyed",
			"internal_metadata", "nics", "owner_uuid", "server_uuid", "state", "tags");

	/** VMAPI's {@code vm} resource. */
	public static final ChangeFeedResource VMAPI_VM = new ChangeFeedResource("vm", VMAPI_SUB_RESOURCES, "/vms");

	public ChangeFeedResource {
		Objects.requireNonNull(resource, "resource");
		subResources = List.copyOf(subResources);
		Objects.requireNonNull(bootstrapRoute, "bootstrapRoute");
	}

}
