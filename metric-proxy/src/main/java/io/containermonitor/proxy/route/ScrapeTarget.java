package io.containermonitor.proxy.route;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * An authorised scrape: the agent URL to call and what CMON tells the agent in
 * {@code x-joyent-cmon-opts}.
 *
 * @param uuid the VM or compute node scraped
 * @param agentUrl {@code http://<admin ip>:<port>/v1/<vm uuid>/metrics} or {@code .../v1/gz/metrics}
 * @param coreZone CMON's {@code isCoreZone}: a core-tagged VM scraped by an operator
 */
public record ScrapeTarget(UUID uuid, URI agentUrl, boolean coreZone) {

	public ScrapeTarget {
		Objects.requireNonNull(uuid, "uuid");
		Objects.requireNonNull(agentUrl, "agentUrl");
	}

	public static URI vmMetricsUrl(String adminIp, int port, UUID vm) {
		return URI.create("http://" + hostPart(adminIp) + ":" + port + "/v1/" + vm + "/metrics");
	}

	public static URI nodeMetricsUrl(String adminIp, int port) {
		return URI.create("http://" + hostPart(adminIp) + ":" + port + "/v1/gz/metrics");
	}

	private static String hostPart(String address) {
		return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
	}

}
