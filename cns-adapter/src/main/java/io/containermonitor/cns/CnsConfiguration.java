package io.containermonitor.cns;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.containermonitor.cns.names.AllVmsEligibility;
import io.containermonitor.cns.names.CmonEligibility;
import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.CnsFlagEligibility;
import io.containermonitor.cns.names.ZonePublisher;
import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.core.inventory.InventorySynchronizer;
import io.containermonitor.core.triton.changefeed.ChangeFeedListener;

/** The CMON names, whatever the mode: which VMs are eligible, and the registry that follows the inventory. */
@Configuration(proxyBeanMethods = false)
class CnsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(CnsConfiguration.class);

	@Bean
	CmonEligibility cmonEligibility(CnsProperties properties) {
		return switch (properties.eligibility()) {
			case ALL -> new AllVmsEligibility();
			case CNS -> new CnsFlagEligibility(new HashSet<>(properties.cnsEnabledOwners()));
		};
	}

	@Bean(destroyMethod = "close")
	CmonNameRegistry cmonNameRegistry(CmonEligibility eligibility, CnsProperties properties, Inventory inventory,
			ObjectProvider<InventorySynchronizer> synchronizer, Environment environment) {
		log.info("CMON names for zones {} published in mode {} (eligibility {})", properties.zones(),
				properties.mode().name().toLowerCase(Locale.ROOT),
				properties.eligibility().name().toLowerCase(Locale.ROOT));
		if (synchronizer.getIfAvailable() == null) {
			log.warn("cmon.triton.vmapi-url is not set: the inventory is filled by nobody but this process,"
					+ " and with cmon.cns.await-resync={} nothing is published until it has been listed once",
					properties.awaitResync());
		}
		boolean cnapi = environment.containsProperty("cmon.triton.cnapi-url");
		CmonNameRegistry registry = new CmonNameRegistry(eligibility, properties.awaitResync(),
				cnapi ? properties.awaitServers() : Duration.ZERO, Clock.systemUTC());
		registry.follow(inventory);
		return registry;
	}

	@Bean
	CnsHealthIndicator cnsHealthIndicator(ZonePublisher publisher) {
		return new CnsHealthIndicator(publisher);
	}

	@Bean
	CnsEndpoint cnsEndpoint(ZonePublisher publisher, CmonNameRegistry registry,
			ObjectProvider<ChangeFeedListener> changeFeed, ObjectProvider<InventorySynchronizer> synchronizer) {
		return new CnsEndpoint(publisher, registry, changeFeed.getIfAvailable(), synchronizer.getIfAvailable());
	}

}
