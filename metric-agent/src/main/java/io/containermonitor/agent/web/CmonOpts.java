package io.containermonitor.agent.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code x-joyent-cmon-opts} request header (reference 1): base64 of
 * {@code {"isCoreZone": <bool>}}. It only decides whether Triton core-zone metrics
 * are scraped, which this agent does not do; it is still checked, so a caller that
 * sends garbage gets the same 400 as from cmon-agent.
 *
 * @param coreZone the {@code isCoreZone} flag
 */
public record CmonOpts(boolean coreZone) {

	public static final String HEADER = "x-joyent-cmon-opts";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Decodes the header value; throws {@link BadRequestException} when it cannot. */
	public static CmonOpts decode(String header) {
		try {
			byte[] json = Base64.getDecoder().decode(header.trim());
			JsonNode node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
			JsonNode flag = node == null ? null : node.get("isCoreZone");
			if (flag == null || !flag.isBoolean()) {
				throw new BadRequestException("Error parsing " + HEADER + " header");
			}
			return new CmonOpts(flag.asBoolean());
		}
		catch (IllegalArgumentException | tools.jackson.core.JacksonException ex) {
			throw new BadRequestException("Error parsing " + HEADER + " header");
		}
	}

}
