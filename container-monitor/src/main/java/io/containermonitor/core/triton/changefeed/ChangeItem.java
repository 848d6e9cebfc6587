package io.containermonitor.core.triton.changefeed;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One change-feed item: "this resource changed, go look". Listeners re-read the
 * resource rather than trust {@code resourceObject}, which may lag.
 *
 * @param resource the resource kind ({@code vm})
 * @param subResources the top-level fields that changed; may repeat names
 * @param changedResourceId the changed resource's id (the VM uuid), as sent
 * @param resourceObject the resource after the change, or null
 * @param published when the publisher sent it, epoch milliseconds (a string on the wire)
 */
public record ChangeItem(String resource, List<String> subResources, String changedResourceId,
		JsonNode resourceObject, String published) {

	public ChangeItem {
		Objects.requireNonNull(resource, "resource");
		subResources = List.copyOf(subResources);
		Objects.requireNonNull(changedResourceId, "changedResourceId");
	}

}
