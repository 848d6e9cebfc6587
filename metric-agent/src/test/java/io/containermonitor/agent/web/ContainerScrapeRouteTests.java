package io.containermonitor.agent.web;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which paths the Reactor Netty route takes; the answers themselves are checked over HTTP in {@link MetricsControllerTests}. */
class ContainerScrapeRouteTests {

	private static final String VM = "3f4c1b2a-9d8e-4f60-a1b2-c3d4e5f60718";

	@Test
	void aContainerPathNamesItsUuidWithOrWithoutAQuery() {
		assertThat(ContainerScrapeRoute.containerOf("/v1/" + VM + "/metrics")).contains(UUID.fromString(VM));
		assertThat(ContainerScrapeRoute.containerOf("/v1/" + VM + "/metrics?x=1")).contains(UUID.fromString(VM));
	}

	@Test
	void theNodeMalformedUuidsAndOtherPathsGoOnToWebFlux() {
		assertThat(ContainerScrapeRoute.containerOf("/v1/gz/metrics")).isEmpty();
		assertThat(ContainerScrapeRoute.containerOf("/v1/not-a-uuid/metrics")).isEmpty();
		assertThat(ContainerScrapeRoute.containerOf("/v1/" + VM + "/app/metrics")).isEmpty();
		assertThat(ContainerScrapeRoute.containerOf("/v1/" + VM + "/metricsx")).isEmpty();
		assertThat(ContainerScrapeRoute.containerOf("/v1//metrics")).isEmpty();
		assertThat(ContainerScrapeRoute.containerOf("/v1/ping")).isEmpty();
	}

}
