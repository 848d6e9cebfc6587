package io.containermonitor.core.vm;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppEndpointTests {

	@Test
	void portAloneMeansContainerPilotsDefaultPath() {
		assertThat(AppEndpoint.fromTags(Map.of(AppEndpoint.PORT_TAG, "9090")))
			.contains(new AppEndpoint(9090, "/metrics"));
	}

	@Test
	void tritonTagsMayBeNumbers() {
		assertThat(AppEndpoint.fromTags(Map.of(AppEndpoint.PORT_TAG, 8080, AppEndpoint.PATH_TAG, "/prom?x=1")))
			.contains(new AppEndpoint(8080, "/prom?x=1"));
	}

	@Test
	void noPortDeclaresNothing() {
		assertThat(AppEndpoint.fromTags(Map.of(AppEndpoint.PATH_TAG, "/metrics"))).isEmpty();
	}

	@Test
	void malformedValuesDeclareNothing() {
		assertThat(AppEndpoint.parse("0", null)).isEmpty();
		assertThat(AppEndpoint.parse("65536", null)).isEmpty();
		assertThat(AppEndpoint.parse("-1", null)).isEmpty();
		assertThat(AppEndpoint.parse("90 90", null)).isEmpty();
		assertThat(AppEndpoint.parse("9090", "metrics")).isEmpty();
		assertThat(AppEndpoint.parse("9090", "/m\r\nHost: evil")).isEmpty();
		assertThat(AppEndpoint.parse("9090", "/a b")).isEmpty();
		assertThat(AppEndpoint.parse("9090", "/" + "a".repeat(300))).isEmpty();
	}

	@Test
	void headerFormRoundTrips() {
		AppEndpoint endpoint = new AppEndpoint(9090, "/metrics");
		assertThat(AppEndpoint.fromHeader(endpoint.toHeader())).contains(endpoint);
		assertThat(AppEndpoint.fromHeader("9090")).isEmpty();
		assertThat(AppEndpoint.fromHeader(null)).isEmpty();
	}

}
