package io.containermonitor.cns.dns.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * One serial of a zone, immutable: the CMON names are held as UUIDs ({@link ZoneNames},
 * shared with the serials before it) and their records made on demand, so a zone of
 * 100,000 names costs a set of UUIDs.
 */
final class ZoneSnapshot {

	private final ZoneTemplate template;

	private final long serial;

	private final SOARecord soa;

	private final ZoneNames names;

	ZoneSnapshot(ZoneTemplate template, long serial, ZoneNames names) {
		this.template = template;
		this.serial = serial;
		this.soa = template.soa(serial);
		this.names = names;
	}

	ZoneTemplate template() {
		return template;
	}

	long serial() {
		return serial;
	}

	SOARecord soa() {
		return soa;
	}

	ZoneNames names() {
		return names;
	}

	/** How many records a transfer carries, SOA counted once. */
	int recordCount() {
		return 1 + template.ns().size() + template.targetAddresses().size() + names.size();
	}

	/**
	 * The records at {@code name}, or empty when no such name exists (NXDOMAIN). An
	 * existing name may hold no records: {@code cmon.<zone>} without proxy addresses is
	 * an empty non-terminal while it has CMON names below it.
	 */
	Optional<List<Record>> recordsAt(Name name) {
		if (name.equals(template.origin())) {
			List<Record> apex = new ArrayList<>(1 + template.ns().size());
			apex.add(soa);
			apex.addAll(template.ns());
			return Optional.of(apex);
		}
		if (name.equals(template.zone().target())) {
			boolean exists = !template.targetAddresses().isEmpty() || !names.isEmpty();
			return exists ? Optional.of(template.targetAddresses()) : Optional.empty();
		}
		return template.zone()
			.uuidOf(name)
			.filter(names::contains)
			.map(uuid -> List.<Record>of(template.cname(uuid)));
	}

	/** Every record, for AXFR: SOA, NS, the target's addresses, the CNAMEs, SOA again; CNAMEs made as they are read. */
	Iterable<Record> axfr() {
		return () -> {
			List<Record> head = new ArrayList<>();
			head.add(soa);
			head.addAll(template.ns());
			head.addAll(template.targetAddresses());
			return Stream.concat(Stream.concat(head.stream(), names.stream().map(template::cname)), Stream.of(soa))
				.iterator();
		};
	}

}
