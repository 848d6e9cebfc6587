package io.containermonitor.cns.dns.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import io.containermonitor.cns.CnsProperties;
import io.containermonitor.cns.names.CmonNameRegistry;
import io.containermonitor.cns.names.CmonZone;

/** Mode {@code server}: the adapter is the zones' authoritative server (spec §5.2). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "cmon.cns", name = "mode", havingValue = "server", matchIfMissing = true)
public class DnsServerConfiguration {

	@Bean
	QueryMetrics dnsQueryMetrics(MeterRegistry registry) {
		return new QueryMetrics(registry);
	}

	@Bean
	ServedZones servedZones(CnsProperties properties, MeterRegistry meters) {
		CnsProperties.Server server = properties.server();
		Name mname = absolute(server.nameServer());
		Name rname = absolute(server.hostmaster().replace('@', '.'));
		List<AuthoritativeZone> zones = properties.zones()
			.stream()
			.map(CmonZone::of)
			.distinct()
			.map(zone -> new AuthoritativeZone(new ZoneTemplate(zone, mname, rname, properties.ttl().toSeconds(),
					properties.proxyAddresses()), server.journalSize(),
					new ZoneNamesFile(server.serialFile(), zone.origin().toString())))
			.toList();
		for (AuthoritativeZone zone : zones) {
			Gauge.builder("cmon.cns.zone.serial", zone, z -> z.current().map(s -> (double) s.serial()).orElse(Double.NaN))
				.description("The SOA serial each zone is served with")
				.tag("zone", zone.zone().toString())
				.strongReference(true)
				.register(meters);
			Gauge.builder("cmon.cns.zone.names", zone, z -> z.current().map(s -> s.names().size()).orElse(0))
				.description("CMON names in each zone")
				.tag("zone", zone.zone().toString())
				.strongReference(true)
				.register(meters);
		}
		return new ServedZones(zones);
	}

	@Bean
	DnsServer dnsServer(CnsProperties properties, ServedZones zones, QueryMetrics metrics) {
		CnsProperties.Server server = properties.server();
		QueryHandler handler = new QueryHandler(zones.zones(), new TransferAcl(server.allowTransfer()),
				server.transferKeys()
					.stream()
					.collect(Collectors.toMap(key -> absolute(key.keyName()), CnsProperties.Tsig::toKey)),
				metrics);
		return new DnsServer(handler, server.listenAddress(), server.port(), server.udpThreads(),
				server.tcpConnections(), server.tcpIdleTimeout());
	}

	@Bean
	ZoneCommitter zoneCommitter(CnsProperties properties, ServedZones zones, CmonNameRegistry registry,
			QueryMetrics metrics) {
		CnsProperties.Server server = properties.server();
		SerialStore serials = new SerialStore(server.serialFile(), Clock.systemUTC());
		List<InetSocketAddress> targets = server.alsoNotify().stream().map(DnsServerConfiguration::hostAndPort).toList();
		NotifySender notifier = new NotifySender(targets, server.notifyRetries(), server.notifyTimeout(), metrics,
				Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cns-notify")));
		return new ZoneCommitter(zones.zones(), registry, serials, notifier, server.commitWindow(),
				Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cns-commit")));
	}

	/** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address; port 53 by default. */
	static InetSocketAddress hostAndPort(String text) {
		String host = text;
		int port = 53;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			host = text.substring(1, close);
			if (close + 1 < text.length()) {
				port = Integer.parseInt(text.substring(close + 2));
			}
		}
		else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
			host = text.substring(0, text.indexOf(':'));
			port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("notify target port out of range: '" + text + "'");
		}
		return new InetSocketAddress(host, port);
	}

	private static Name absolute(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		try {
			return Name.fromString(lower.endsWith(".") ? lower : lower + ".");
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("not a DNS name: '" + name + "'", ex);
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
