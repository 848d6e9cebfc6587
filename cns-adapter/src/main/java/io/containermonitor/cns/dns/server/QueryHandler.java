package io.containermonitor.cns.dns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Answers one DNS message for the zones it serves (spec §5.2): AA answers, NXDOMAIN
 * and NODATA with the SOA, CNAME chased inside the zone, EDNS0, truncation over UDP,
 * AXFR and IXFR (from the journal, else the full zone) to allowed peers. Pure: bytes
 * in, bytes out; sockets live in {@link DnsServer}. Thread-safe.
 */
final class QueryHandler {

	/** How the query came in. */
	enum Transport {

		UDP, TCP

	}

	private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

	/** Without EDNS0 a UDP answer must fit 512 bytes (RFC 1035). */
	static final int CLASSIC_UDP_SIZE = 512;

	/** The largest UDP answer sent even if the client offers more (DNS flag day 2020). */
	static final int MAX_UDP_SIZE = 1232;

	/** Records per transfer message (CNS: 500, TRITON-1044). */
	static final int RECORDS_PER_TRANSFER_MESSAGE = 500;

	private final List<AuthoritativeZone> zones;

	private final TransferAcl transferAcl;

	private final QueryMetrics metrics;

	private final Map<Name, TSIG> keys;

	QueryHandler(List<AuthoritativeZone> zones, TransferAcl transferAcl, QueryMetrics metrics) {
		this(zones, transferAcl, Map.of(), metrics);
	}

	/** {@code transferKeys} may transfer from any address; answers to queries signed with them are signed. */
	QueryHandler(List<AuthoritativeZone> zones, TransferAcl transferAcl, Map<Name, TSIG> transferKeys,
			QueryMetrics metrics) {
		// Longest origin first, so a sub-zone wins over its parent.
		this.zones = zones.stream()
			.sorted(Comparator.comparingInt((AuthoritativeZone z) -> z.zone().origin().labels()).reversed())
			.toList();
		this.transferAcl = transferAcl;
		this.metrics = metrics;
		this.keys = Map.copyOf(transferKeys);
	}

	/** A query signed with one of our keys: the key, to sign the answers with. */
	private record Signer(TSIG key, TSIGRecord queryTsig) {

	}

	/** The answer, in one or more messages (only transfers take several); empty to drop the query. */
	List<byte[]> handle(byte[] wire, InetAddress source, Transport transport) {
		Message query;
		try {
			query = new Message(wire);
		}
		catch (IOException ex) {
			log.debug("Unparsable query from {}: {}", source, ex.getMessage());
			return formErrFor(wire);
		}
		Header header = query.getHeader();
		if (header.getFlag(Flags.QR)) {
			return List.of();
		}
		Record question = query.getQuestion();
		if (header.getOpcode() != Opcode.QUERY) {
			return List.of(finish(query, error(query, Rcode.NOTIMP), transport, null));
		}
		if (question == null || header.getCount(Section.QUESTION) != 1) {
			return List.of(finish(query, error(query, Rcode.FORMERR), transport, null));
		}
		Signer signer = null;
		TSIGRecord queryTsig = query.getTSIG();
		if (queryTsig != null) {
			TSIG key = keys.get(queryTsig.getName());
			if (key == null || key.verify(query, wire, null) != Rcode.NOERROR) {
				// RFC 8945 5.2: an unknown key or a bad MAC is answered unsigned, NOTAUTH.
				log.debug("Query from {} with TSIG key {} failed verification", source, queryTsig.getName());
				return List.of(finish(query, error(query, Rcode.NOTAUTH), transport, null));
			}
			signer = new Signer(key, queryTsig);
		}
		OPTRecord opt = query.getOPT();
		if (opt != null && opt.getVersion() != 0) {
			Message badVersion = error(query, Rcode.NOERROR);
			badVersion.addRecord(new OPTRecord(MAX_UDP_SIZE, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
			metrics.answered(Rcode.BADVERS);
			return List.of(badVersion.toWire(CLASSIC_UDP_SIZE));
		}
		Optional<AuthoritativeZone> zone = zoneOf(question.getName());
		if (zone.isEmpty() || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)) {
			return List.of(finish(query, error(query, Rcode.REFUSED), transport, signer));
		}
		Optional<ZoneSnapshot> snapshot = zone.get().current();
		if (snapshot.isEmpty()) {
			// Not loaded yet (waiting for the inventory's first listing): like a server
			// whose zone failed to load, so resolvers try another.
			return List.of(finish(query, error(query, Rcode.SERVFAIL), transport, signer));
		}
		int type = question.getType();
		if (type == Type.AXFR || type == Type.IXFR) {
			return transfer(query, zone.get(), snapshot.get(), source, transport, signer);
		}
		return List.of(finish(query, answer(query, snapshot.get()), transport, signer));
	}

	private Optional<AuthoritativeZone> zoneOf(Name name) {
		return zones.stream().filter(z -> z.zone().contains(name)).findFirst();
	}

	private Message answer(Message query, ZoneSnapshot snapshot) {
		Message response = reply(query);
		Record question = query.getQuestion();
		Name name = question.getName();
		int type = question.getType();
		Optional<List<Record>> records = snapshot.recordsAt(name);
		if (records.isEmpty()) {
			return negative(response, snapshot, Rcode.NXDOMAIN);
		}
		Optional<Record> cname = records.get().stream().filter(r -> r.getType() == Type.CNAME).findFirst();
		if (cname.isPresent() && type != Type.CNAME && type != Type.ANY) {
			response.addRecord(cname.get(), Section.ANSWER);
			Name target = ((CNAMERecord) cname.get()).getTarget();
			if (!snapshot.template().zone().contains(target)) {
				return response;
			}
			// Chase once, inside the zone, as CNS does: our targets never hold a CNAME.
			Optional<List<Record>> chased = snapshot.recordsAt(target);
			if (chased.isEmpty()) {
				return negative(response, snapshot, Rcode.NXDOMAIN);
			}
			List<Record> matching = ofType(chased.get(), type);
			if (matching.isEmpty()) {
				return negative(response, snapshot, Rcode.NOERROR);
			}
			matching.forEach(r -> response.addRecord(r, Section.ANSWER));
			return response;
		}
		List<Record> matching = ofType(records.get(), type);
		if (matching.isEmpty()) {
			return negative(response, snapshot, Rcode.NOERROR);
		}
		matching.forEach(r -> response.addRecord(r, Section.ANSWER));
		return response;
	}

	private static List<Record> ofType(List<Record> records, int type) {
		return records.stream().filter(r -> type == Type.ANY || r.getType() == type).toList();
	}

	private static Message negative(Message response, ZoneSnapshot snapshot, int rcode) {
		response.getHeader().setRcode(rcode);
		response.addRecord(snapshot.soa(), Section.AUTHORITY);
		return response;
	}

	private List<byte[]> transfer(Message query, AuthoritativeZone served, ZoneSnapshot snapshot, InetAddress source,
			Transport transport, Signer signer) {
		int type = query.getQuestion().getType();
		String zone = snapshot.template().zone().toString();
		if (signer == null && !transferAcl.allows(source)) {
			log.debug("Refused {} of {} to {}", Type.string(type), zone, source);
			return List.of(finish(query, error(query, Rcode.REFUSED), transport, null));
		}
		if (type == Type.AXFR) {
			if (transport == Transport.UDP) {
				return List.of(finish(query, error(query, Rcode.FORMERR), transport, signer));
			}
			metrics.transferred("AXFR");
			log.debug("AXFR of {} serial {} to {}", zone, snapshot.serial(), source);
			return inMessages(query, snapshot.axfr(), signer);
		}
		Optional<Long> base = query.getSection(Section.AUTHORITY)
			.stream()
			.filter(SOARecord.class::isInstance)
			.map(r -> ((SOARecord) r).getSerial())
			.findFirst();
		if (base.isEmpty()) {
			return List.of(finish(query, error(query, Rcode.FORMERR), transport, signer));
		}
		if (transport == Transport.UDP || Serial.compare(base.get(), snapshot.serial()) >= 0) {
			// Up to date, or over UDP: the current SOA alone, and the client comes back over TCP (RFC 1995 §2, §4).
			Message response = reply(query);
			response.addRecord(snapshot.soa(), Section.ANSWER);
			return List.of(finish(query, response, transport, signer));
		}
		Optional<List<ZoneJournal.Delta>> deltas = served.deltasSince(base.get(), snapshot.serial());
		if (deltas.isEmpty()) {
			metrics.transferred("IXFR-full");
			log.debug("IXFR of {} from serial {} to {}: base not in journal, sending the full zone", zone, base.get(),
					source);
			return inMessages(query, snapshot.axfr(), signer);
		}
		metrics.transferred("IXFR");
		log.debug("IXFR of {} from serial {} to {} for {}", zone, base.get(), snapshot.serial(), source);
		List<Record> records = new ArrayList<>();
		records.add(snapshot.soa());
		ZoneTemplate template = snapshot.template();
		for (ZoneJournal.Delta delta : deltas.get()) {
			records.add(template.soa(delta.from()));
			delta.removed().forEach(uuid -> records.add(template.cname(uuid)));
			records.add(template.soa(delta.to()));
			delta.added().forEach(uuid -> records.add(template.cname(uuid)));
		}
		records.add(snapshot.soa());
		return inMessages(query, records, signer);
	}

	/** A transfer over TCP, split into messages of at most {@value #RECORDS_PER_TRANSFER_MESSAGE} records. */
	private List<byte[]> inMessages(Message query, Iterable<Record> records, Signer signer) {
		List<Message> messages = new ArrayList<>();
		Message message = reply(query);
		int count = 0;
		for (Record record : records) {
			if (count == RECORDS_PER_TRANSFER_MESSAGE) {
				messages.add(message);
				message = reply(query);
				count = 0;
			}
			message.addRecord(record, Section.ANSWER);
			count++;
		}
		messages.add(message);
		metrics.answered(Rcode.NOERROR);
		List<byte[]> wires = new ArrayList<>(messages.size());
		TSIGRecord previous = signer == null ? null : signer.queryTsig();
		for (int i = 0; i < messages.size(); i++) {
			Message each = messages.get(i);
			if (signer != null) {
				// RFC 8945 5.3.1: the first message is signed over the query's MAC, each later one over the one before.
				signer.key().apply(each, previous, i == 0);
				previous = each.getTSIG();
			}
			wires.add(each.toWire());
		}
		return wires;
	}

	private static Message reply(Message query) {
		Message response = new Message(query.getHeader().getID());
		Header header = response.getHeader();
		header.setFlag(Flags.QR);
		header.setFlag(Flags.AA);
		if (query.getHeader().getFlag(Flags.RD)) {
			header.setFlag(Flags.RD);
		}
		header.setOpcode(query.getHeader().getOpcode());
		if (query.getQuestion() != null) {
			response.addRecord(query.getQuestion(), Section.QUESTION);
		}
		return response;
	}

	private static Message error(Message query, int rcode) {
		Message response = reply(query);
		response.getHeader().unsetFlag(Flags.AA);
		response.getHeader().setRcode(rcode);
		return response;
	}

	/** Adds the OPT record if the query had one, signs, counts the answer, and fits it to the transport. */
	private byte[] finish(Message query, Message response, Transport transport, Signer signer) {
		OPTRecord queryOpt = query.getOPT();
		int limit;
		if (queryOpt != null) {
			limit = Math.max(CLASSIC_UDP_SIZE, Math.min(queryOpt.getPayloadSize(), MAX_UDP_SIZE));
			response.addRecord(new OPTRecord(MAX_UDP_SIZE, 0, 0), Section.ADDITIONAL);
		}
		else {
			limit = CLASSIC_UDP_SIZE;
		}
		if (signer != null) {
			response.setTSIG(signer.key(), Rcode.NOERROR, signer.queryTsig());
		}
		metrics.answered(response.getRcode());
		// Over UDP, an answer too big is cut at a record set and flagged TC: the client retries over TCP.
		return transport == Transport.UDP ? response.toWire(limit) : response.toWire();
	}

	private List<byte[]> formErrFor(byte[] wire) {
		if (wire.length < Header.LENGTH) {
			return List.of();
		}
		try {
			Header header = new Header(Arrays.copyOf(wire, Header.LENGTH));
			if (header.getFlag(Flags.QR)) {
				return List.of();
			}
			Message response = new Message(header.getID());
			response.getHeader().setFlag(Flags.QR);
			response.getHeader().setOpcode(header.getOpcode());
			response.getHeader().setRcode(Rcode.FORMERR);
			metrics.answered(Rcode.FORMERR);
			return List.of(response.toWire());
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
