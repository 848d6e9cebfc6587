package io.containermonitor.discovery.web;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.containermonitor.core.inventory.Inventory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryReadinessTests {

	private final AtomicBoolean loaded = new AtomicBoolean();

	private final InventoryReadiness readiness = new InventoryReadiness(loaded::get);

	private final Inventory inventory = new Inventory();

	private final WebTestClient client = WebTestClient
		.bindToController(new DiscoverController(new ContainerDiscovery(inventory, false), readiness,
				new CacheDates(inventory, Clock.systemUTC()), JsonMapper.builder().build()))
		.controllerAdvice(new ApiExceptionHandler())
		.argumentResolvers(resolvers -> resolvers.addCustomResolver(new TrustedAccountResolver("t")))
		.configureClient()
		.defaultHeader(TrustedAccountResolver.PROXY_TOKEN_HEADER, "t")
		.defaultHeader(TrustedAccountResolver.ACCOUNT_UUID_HEADER, UUID.randomUUID().toString())
		.defaultHeader(TrustedAccountResolver.ACCOUNT_LOGIN_HEADER, "alice")
		.build();

	@Test
	void notLoadedYetIs503WithABodyPrometheusCannotParse() {
		client.get().uri("/v1/discover").exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectHeader().exists("Retry-After");
	}

	@Test
	void onceLoadedStaysReady() {
		loaded.set(true);
		client.get().uri("/v1/discover").exchange().expectStatus().isOk().expectBody().json("{\"containers\":[]}");
		loaded.set(false);
		assertThat(readiness.isReady()).isTrue();
		client.get().uri("/v1/discover").exchange().expectStatus().isOk();
	}

}
