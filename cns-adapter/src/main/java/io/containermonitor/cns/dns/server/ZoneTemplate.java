package io.containermonitor.cns.dns.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

import io.containermonitor.cns.names.CmonZone;

/**
 * The parts of a zone that do not change between serials: SOA fields, NS, the
 * addresses of {@code cmon.<zone>}, and how a CMON CNAME is made. Values as CNS
 * (spec §3.9): TTL 30, NS TTL 3600, SOA refresh 30, retry 60, expire 30 days, minimum 30.
 */
final class ZoneTemplate {

	static final long NS_TTL = 3600;

	private final CmonZone zone;

	private final Name mname;

	private final Name rname;

	private final long ttl;

	private final List<Record> ns;

	private final List<Record> targetAddresses;

	ZoneTemplate(CmonZone zone, Name mname, Name rname, long ttl, List<InetAddress> proxyAddresses) {
		this.zone = zone;
		this.mname = mname;
		this.rname = rname;
		this.ttl = ttl;
		this.ns = List.of(new NSRecord(zone.origin(), DClass.IN, NS_TTL, mname));
		this.targetAddresses = proxyAddresses.stream()
			.map(address -> address instanceof Inet4Address
					? (Record) new ARecord(zone.target(), DClass.IN, ttl, address)
					: new AAAARecord(zone.target(), DClass.IN, ttl, address))
			.toList();
	}

	CmonZone zone() {
		return zone;
	}

	Name origin() {
		return zone.origin();
	}

	long ttl() {
		return ttl;
	}

	SOARecord soa(long serial) {
		return new SOARecord(zone.origin(), DClass.IN, ttl, mname, rname, serial, 30, 60, 2_592_000, 30);
	}

	List<Record> ns() {
		return ns;
	}

	List<Record> targetAddresses() {
		return targetAddresses;
	}

	CNAMERecord cname(UUID uuid) {
		return new CNAMERecord(zone.nameOf(uuid), DClass.IN, ttl, zone.target());
	}

}
