package io.containermonitor.discovery.standalone;

import java.time.Clock;
import java.util.Map;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.triton.changefeed.ChangeFeedPublisher;
import io.containermonitor.core.triton.changefeed.ChangeFeedResource;
import io.containermonitor.discovery.DiscoveryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The standalone registry's parts, on when {@code cmon.discovery.registry.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRegistry
class RegistryConfiguration {

	RegistryConfiguration(@Value("${cmon.triton.vmapi-url:}") String vmapiUrl) {
		if (!vmapiUrl.isEmpty()) {
			throw new IllegalStateException("cmon.discovery.registry.enabled (standalone mode) and cmon.triton.vmapi-url"
					+ " (Triton mode) exclude each other: the inventory has one source");
		}
	}

	@Bean
	AgentRegistry agentRegistry(Inventory inventory, DiscoveryProperties properties) {
		return new AgentRegistry(inventory, Clock.systemUTC(), properties.registry().downAfter());
	}

	@Bean
	HeartbeatMonitor heartbeatMonitor(AgentRegistry registry, DiscoveryProperties properties) {
		return new HeartbeatMonitor(registry, properties.registry().heartbeatInterval());
	}

	@Bean
	RegistryMetrics registryMetrics(AgentRegistry registry, ObjectProvider<MeterRegistry> meters) {
		return new RegistryMetrics(registry, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	NodeReportParser nodeReportParser(ObjectMapper mapper) {
		return new NodeReportParser(mapper);
	}

	@Bean
	VmListing vmListing(Inventory inventory, DiscoveryProperties properties) {
		return new VmListing(inventory, Clock.systemUTC(), properties.registry().destroyedRetention());
	}

	@Bean
	RegisteredServerJson registeredServerJson(AgentRegistry registry) {
		return new RegisteredServerJson(registry);
	}

	@Bean
	ChangeFeedPublisher changeFeedPublisher(JsonMapper json, Inventory inventory, VmListing listing) {
		ChangeFeedPublisher publisher = new ChangeFeedPublisher(ChangeFeedResource.VMAPI_VM, json);
		// Order matters: a listener re-reads GET /vms/:uuid as soon as it gets an item, so the
		// listing must hold the change before the item goes out. The inventory calls its
		// listeners in the order they were added.
		inventory.addListener(listing);
		inventory.addListener(new InventoryChangeFeed(publisher, Clock.systemUTC()));
		return publisher;
	}

	@Bean
	WebSocketUpgradeHandlerMapping changeFeedSocketMapping(ChangeFeedPublisher publisher) {
		return new WebSocketUpgradeHandlerMapping(Map.of("/changefeeds", new ChangeFeedWebSocketHandler(publisher)));
	}

}
