package io.containermonitor.discovery.web;

import java.time.Clock;
import java.time.Instant;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.discovery.DiscoveryProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Discovery's parts: the container and compute-node view of the inventory, and the
 * proxy-vouched {@code Account} as a controller parameter.
 */
@Configuration(proxyBeanMethods = false)
class DiscoveryWebConfiguration implements WebFluxConfigurer {

	private final DiscoveryProperties properties;

	DiscoveryWebConfiguration(DiscoveryProperties properties) {
		this.properties = properties;
	}

	@Bean
	ContainerDiscovery containerDiscovery(Inventory inventory) {
		return new ContainerDiscovery(inventory, properties.includeStopped());
	}

	/**
	 * Triton mode: ready after the first VMAPI listing. Standalone: after the startup grace
	 * (agents re-register within one heartbeat interval). Otherwise ready at once.
	 */
	@Bean
	InventoryReadiness inventoryReadiness(ObjectProvider<InventorySynchronizer> synchronizer) {
		InventorySynchronizer triton = synchronizer.getIfAvailable();
		if (triton != null) {
			return new InventoryReadiness(() -> triton.lastResync() != null);
		}
		if (properties.registry().enabled()) {
			Instant readyAt = Instant.now().plus(properties.registry().startupGrace());
			return new InventoryReadiness(() -> !Instant.now().isBefore(readyAt));
		}
		return new InventoryReadiness(() -> true);
	}

	@Bean
	CacheDates cacheDates(Inventory inventory) {
		return new CacheDates(inventory, Clock.systemUTC());
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new TrustedAccountResolver(properties.proxyToken()));
	}

}
