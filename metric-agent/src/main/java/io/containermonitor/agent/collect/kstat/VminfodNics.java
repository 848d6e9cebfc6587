package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A VM's NICs from vminfod ({@code GET <url>/vms/<uuid>}, SmartOS's local VM info daemon),
 * as cmon-agent's link collector asks for them, with its short timeout: the labels
 * {@code nic_tag} and {@code network_uuid} by interface name ({@code net0}). Any failure
 * (vminfod down, slow, a bad answer) gives no labels, never an error: the counters
 * matter more than their labels. The first failure after a success is a warning, the
 * rest debug, so a node without vminfod does not log every scrape. Thread-safe.
 */
public class VminfodNics {

	private static final Logger log = LoggerFactory.getLogger(VminfodNics.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final URI base;

	private final Duration timeout;

	private final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

	public VminfodNics(URI base, Duration timeout) {
		this.base = base;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
	}

	/** Interface name to its labels; empty when vminfod does not answer well. */
	public Map<String, Map<String, String>> labels(String vmUuid) {
		URI uri = base.resolve("/vms/" + vmUuid);
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return failed(uri, "answered " + response.statusCode());
			}
			Map<String, Map<String, String>> labels = parse(response.body());
			failing.set(false);
			return labels;
		}
		catch (IOException | JacksonException ex) {
			return failed(uri, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
	}

	private Map<String, Map<String, String>> failed(URI uri, String why) {
		if (failing.compareAndSet(false, true)) {
			log.warn("vminfod {} {}; links get no nic_tag/network_uuid labels until it answers", uri, why);
		}
		else {
			log.debug("vminfod {} {}", uri, why);
		}
		return Map.of();
	}

	static Map<String, Map<String, String>> parse(String body) {
		JsonNode nics = JSON.readTree(body).path("nics");
		Map<String, Map<String, String>> labels = new LinkedHashMap<>();
		for (JsonNode nic : nics) {
			String iface = nic.path("interface").asString("");
			String tag = nic.path("nic_tag").asString("");
			String network = nic.path("network_uuid").asString("");
			if (!iface.isEmpty()) {
				labels.put(iface, Map.of("nic_tag", tag, "network_uuid", network));
			}
		}
		return labels;
	}

}
