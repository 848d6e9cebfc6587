package io.containermonitor.proxy.route;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

import io.containermonitor.core.vm.AppEndpoint;

/**
 * An authorised scrape: the agent URL to call and what CMON tells the agent in
 * {@code x-joyent-cmon-opts}.
 *
 * @param uuid the VM or compute node scraped
 * @param agentUrl {@code http://<admin ip>:<port>/v1/<vm uuid>/metrics} or {@code .../v1/gz/metrics}
 * @param coreZone CMON's {@code isCoreZone}: a core-tagged VM scraped by an operator
 * @param app for a scrape of the container's own application ({@code .../app/metrics}), the
 * endpoint its VM's tags declare; null for the container's metrics
 */
public record ScrapeTarget(UUID uuid, URI agentUrl, boolean coreZone, AppEndpoint app) {

	public ScrapeTarget {
		Objects.requireNonNull(uuid, "uuid");
		Objects.requireNonNull(agentUrl, "agentUrl");
	}

	public ScrapeTarget(UUID uuid, URI agentUrl, boolean coreZone) {
		this(uuid, agentUrl, coreZone, null);
	}

	/** Whether this is a scrape of the container's application rather than of the container. */
	public boolean isApp() {
		return app != null;
	}

	/** The route id of its metrics: {@value ProxyRoutes#APP_ROUTE} or {@value ProxyRoutes#AGENT_ROUTE}. */
	public String route() {
		return isApp() ? ProxyRoutes.APP_ROUTE : ProxyRoutes.AGENT_ROUTE;
	}

	public static URI vmMetricsUrl(String adminIp, int port, UUID vm) {
		return URI.create("http://" + hostPart(adminIp) + ":" + port + "/v1/" + vm + "/metrics");
	}

	public static URI vmAppMetricsUrl(String adminIp, int port, UUID vm) {
		return URI.create("http://" + hostPart(adminIp) + ":" + port + "/v1/" + vm + "/app/metrics");
	}

	public static URI nodeMetricsUrl(String adminIp, int port) {
		return URI.create("http://" + hostPart(adminIp) + ":" + port + "/v1/gz/metrics");
	}

	private static String hostPart(String address) {
		return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
	}

}
