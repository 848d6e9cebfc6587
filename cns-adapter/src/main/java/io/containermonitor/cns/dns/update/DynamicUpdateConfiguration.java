package io.containermonitor.cns.dns.update;

import java.net.InetSocketAddress;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xbill.DNS.TSIG;

import io.containermonitor.cns.CnsProperties;
import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.CmonZone;

/** Mode {@code update}: RFC 2136 updates, TSIG-signed, to an existing primary (spec §5.3). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "cmon.cns", name = "mode", havingValue = "update")
public class DynamicUpdateConfiguration {

	@Bean
	DynamicUpdater dynamicUpdater(CnsProperties properties, CmonNameRegistry registry, MeterRegistry meters) {
		CnsProperties.Update update = properties.update();
		CnsProperties.Tsig key = update.tsig();
		TSIG tsig = new TSIG(TSIG.algorithmToName(key.algorithm()), key.keyName(), key.secret());
		PrimaryClient primary = new PrimaryClient(new InetSocketAddress(update.primary(), update.port()), tsig,
				update.timeout());
		return new DynamicUpdater(properties.zones().stream().map(CmonZone::of).distinct().toList(), registry,
				primary, properties.proxyAddresses(), properties.ttl().toSeconds(), update.batchSize(),
				update.interval(), update.retryBackoff(), update.maxBackoff(), update.reconcileInterval(), meters);
	}

}
