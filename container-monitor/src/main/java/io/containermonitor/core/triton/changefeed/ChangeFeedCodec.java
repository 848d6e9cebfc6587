package io.containermonitor.core.triton.changefeed;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change feed's JSON frames, both directions: V1 registration, bootstrap,
 * change items (node-sdc-changefeed 1.5.4 as VMAPI runs it).
 */
public final class ChangeFeedCodec {

	private final JsonMapper json;

	public ChangeFeedCodec(JsonMapper json) {
		this.json = json;
	}

	/** The V1 registration a listener sends as its one text frame. */
	public String registration(UUID instance, String service, String resource, List<String> subResources) {
		ObjectNode node = json.createObjectNode();
		node.put("instance", instance.toString());
		node.put("service", service);
		ObjectNode kind = node.putObject("changeKind");
		kind.put("resource", resource);
		ArrayNode subs = kind.putArray("subResources");
		subResources.forEach(subs::add);
		return node.toString();
	}

	/** The bootstrap frame: the resource object itself (V1). */
	public String bootstrap(ChangeFeedResource resource) {
		return resourceNode(resource).toString();
	}

	public ObjectNode resourceNode(ChangeFeedResource resource) {
		ObjectNode node = json.createObjectNode();
		node.put("resource", resource.resource());
		ArrayNode subs = node.putArray("subResources");
		resource.subResources().forEach(subs::add);
		node.put("bootstrapRoute", resource.bootstrapRoute());
		return node;
	}

	public String item(ChangeItem item) {
		ObjectNode node = json.createObjectNode();
		ObjectNode kind = node.putObject("changeKind");
		kind.put("resource", item.resource());
		ArrayNode subs = kind.putArray("subResources");
		item.subResources().forEach(subs::add);
		node.put("changedResourceId", item.changedResourceId());
		if (item.resourceObject() != null) {
			node.set("resourceObject", item.resourceObject());
		}
		node.put("published", item.published());
		return node.toString();
	}

	/** Parses a frame as JSON, or throws {@link MalformedFrameException} naming what was wrong. */
	public JsonNode parse(String frame) {
		try {
			JsonNode node = json.readTree(frame);
			if (node == null || !node.isObject()) {
				throw new MalformedFrameException("frame is not a JSON object: " + abbreviate(frame));
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new MalformedFrameException("frame is not JSON: " + abbreviate(frame), ex);
		}
	}

	/** Whether a parsed frame is a bootstrap reply (V1 {@code bootstrapRoute} or V2 {@code bootstrapRoutes}). */
	public boolean isBootstrap(JsonNode frame) {
		return frame.has("bootstrapRoute") || frame.has("bootstrapRoutes");
	}

	public ChangeItem readItem(JsonNode frame) {
		JsonNode kind = frame.get("changeKind");
		JsonNode id = frame.get("changedResourceId");
		if (kind == null || !kind.isObject() || id == null || !id.isString()) {
			throw new MalformedFrameException(
					"change item lacks changeKind or changedResourceId: " + abbreviate(frame.toString()));
		}
		List<String> subResources = new ArrayList<>();
		JsonNode subs = kind.get("subResources");
		if (subs != null && subs.isArray()) {
			subs.forEach(s -> subResources.add(s.asString()));
		}
		JsonNode resource = kind.get("resource");
		JsonNode published = frame.get("published");
		return new ChangeItem(resource == null ? "" : resource.asString(), subResources, id.asString(),
				frame.get("resourceObject"), published == null ? null : published.asString());
	}

	static String abbreviate(String text) {
		if (text == null) {
			return "null";
		}
		return text.length() > 200 ? text.substring(0, 200) + "..." : text;
	}

}
