package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import io.containermonitor.cns.dns.server.QueryHandler.Transport;
import io.containermonitor.cns.names.CmonZone;

/** The answers alone, without sockets; the wire over real sockets is in AuthoritativeServerDigTests. */
class QueryHandlerTests {

	private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

	private final CmonZone zone = CmonZone.of("us-east-1.cns.example.com");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path dir;

	private AuthoritativeZone served;

	private SerialStore serials;

	private QueryHandler handler;

	@BeforeEach
	void zone() throws Exception {
		served = new AuthoritativeZone(new ZoneTemplate(zone, Name.fromString("ns1.example.com."),
				Name.fromString("hostmaster.example.com."), 30, List.of(InetAddress.getByName("192.0.2.10"))), 10, null);
		serials = new SerialStore(dir.resolve("serials"), Clock.systemUTC());
		handler = new QueryHandler(List.of(served), new TransferAcl(List.of("127.0.0.0/8")),
				new QueryMetrics(meters));
	}

	@Test
	void servfailUntilTheFirstCommit() throws Exception {
		assertThat(ask(zone.nameOf(uuid(1)), Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
	}

	@Test
	void cnameIsChasedToTheProxyAddress() throws Exception {
		served.commit(Set.of(uuid(1)), serials);

		Message answer = ask(Name.fromString(zone.nameOf(uuid(1)).toString().toUpperCase()), Type.A);

		assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
		// Name compression may copy the question's case into the target: names compare case-insensitively.
		assertThat(answer.getSection(Section.ANSWER)).extracting(r -> r.rdataToString().toLowerCase())
			.containsExactly("cmon.us-east-1.cns.example.com.", "192.0.2.10");
		assertThat(answer.getSection(Section.ANSWER)).extracting(Record::getTTL).containsOnly(30L);
	}

	@Test
	void missingNameIsNxdomainAndOtherTypeIsNodataBothWithSoa() throws Exception {
		served.commit(Set.of(uuid(1)), serials);

		Message nx = ask(zone.nameOf(uuid(2)), Type.A);
		Message nodata = ask(zone.target(), Type.TXT);

		assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
		assertThat(nx.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
		assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
		assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
		assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
	}

	@Test
	void namesOutsideTheZonesAreRefused() throws Exception {
		served.commit(Set.of(), serials);

		assertThat(ask(Name.fromString("www.example.org."), Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
		assertThat(ask(Name.fromString("xus-east-1.cns.example.com."), Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
	}

	@Test
	void unknownEdnsVersionIsBadvers() throws Exception {
		served.commit(Set.of(uuid(1)), serials);
		Message query = Message.newQuery(Record.newRecord(zone.nameOf(uuid(1)), Type.A, DClass.IN));
		query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

		Message answer = new Message(handler.handle(query.toWire(), LOCAL, Transport.UDP).get(0));

		assertThat(answer.getRcode()).isEqualTo(Rcode.BADVERS);
		assertThat(answer.getSection(Section.ANSWER)).isEmpty();
	}

	@Test
	void ednsAnswerCarriesOptWithOurBufferSize() throws Exception {
		served.commit(Set.of(uuid(1)), serials);
		Message edns = Message.newQuery(Record.newRecord(zone.nameOf(uuid(1)), Type.A, DClass.IN));
		edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

		Message answer = new Message(handler.handle(edns.toWire(), LOCAL, Transport.UDP).get(0));

		assertThat(answer.getOPT()).isNotNull();
		assertThat(answer.getOPT().getPayloadSize()).isEqualTo(QueryHandler.MAX_UDP_SIZE);
		assertThat(answer.getSection(Section.ANSWER)).hasSize(2);
	}

	@Test
	void notifyAndUpdateOpcodesAreNotImplemented() throws Exception {
		served.commit(Set.of(), serials);
		Message update = Message.newQuery(Record.newRecord(zone.origin(), Type.SOA, DClass.IN));
		update.getHeader().setOpcode(Opcode.UPDATE);

		Message answer = new Message(handler.handle(update.toWire(), LOCAL, Transport.UDP).get(0));

		assertThat(answer.getRcode()).isEqualTo(Rcode.NOTIMP);
	}

	@Test
	void ixfrSendsOnlyTheChangesFromAJournalledSerial() throws Exception {
		long first = served.commit(Set.of(uuid(1), uuid(2)), serials).orElseThrow().serial();
		served.commit(Set.of(uuid(1), uuid(3)), serials);
		long third = served.commit(Set.of(uuid(3)), serials).orElseThrow().serial();

		List<Record> records = transfer(ixfr(first));

		assertThat(records).extracting(QueryHandlerTests::brief)
			.containsExactly("SOA " + third, "SOA " + first, "CNAME " + uuid(2), "SOA " + (first + 1),
					"CNAME " + uuid(3), "SOA " + (first + 1), "CNAME " + uuid(1), "SOA " + third, "SOA " + third);
		assertThat(meters.get("cmon.cns.dns.transfers").tag("type", "IXFR").counter().count()).isEqualTo(1);
	}

	@Test
	void ixfrFromAnUnknownSerialSendsTheWholeZone() throws Exception {
		long serial = served.commit(Set.of(uuid(1)), serials).orElseThrow().serial();

		List<Record> records = transfer(ixfr(serial - 100));

		assertThat(records).extracting(QueryHandlerTests::brief)
			.containsExactly("SOA " + serial, "NS ns1.example.com.", "A 192.0.2.10", "CNAME " + uuid(1), "SOA " + serial);
	}

	@Test
	void ixfrFromTheCurrentSerialIsJustTheSoa() throws Exception {
		long serial = served.commit(Set.of(uuid(1)), serials).orElseThrow().serial();

		assertThat(transfer(ixfr(serial))).extracting(QueryHandlerTests::brief).containsExactly("SOA " + serial);
	}

	@Test
	void axfrOfManyNamesSpansSeveralMessages() throws Exception {
		Set<UUID> names = new HashSet<>();
		for (int i = 0; i < 1200; i++) {
			names.add(uuid(i));
		}
		served.commit(names, serials);

		List<byte[]> messages = handler.handle(
				Message.newQuery(Record.newRecord(zone.origin(), Type.AXFR, DClass.IN)).toWire(), LOCAL, Transport.TCP);

		assertThat(messages).hasSize(3);
		int total = 0;
		for (byte[] wire : messages) {
			total += new Message(wire).getSection(Section.ANSWER).size();
		}
		assertThat(total).isEqualTo(1 + 1 + 1 + 1200 + 1);
	}

	@Test
	void transfersAreRefusedOutsideTheAclAndAxfrIsRefusedOverUdp() throws Exception {
		served.commit(Set.of(uuid(1)), serials);
		byte[] axfr = Message.newQuery(Record.newRecord(zone.origin(), Type.AXFR, DClass.IN)).toWire();

		Message refused = new Message(handler.handle(axfr, InetAddress.getByName("192.0.2.99"), Transport.TCP).get(0));
		Message overUdp = new Message(handler.handle(axfr, LOCAL, Transport.UDP).get(0));

		assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
		assertThat(overUdp.getRcode()).isEqualTo(Rcode.FORMERR);
	}

	@Test
	void unchangedNamesKeepTheSerial() throws Exception {
		long serial = served.commit(Set.of(uuid(1)), serials).orElseThrow().serial();

		assertThat(served.commit(Set.of(uuid(1)), serials)).isEmpty();
		assertThat(served.current().orElseThrow().serial()).isEqualTo(serial);
	}

	private Message ask(Name name, int type) throws Exception {
		Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
		return new Message(handler.handle(query.toWire(), LOCAL, Transport.UDP).get(0));
	}

	private Message ixfr(long base) {
		Message query = Message.newQuery(Record.newRecord(zone.origin(), Type.IXFR, DClass.IN));
		query.addRecord(new SOARecord(zone.origin(), DClass.IN, 30, zone.origin(), zone.origin(), base, 0, 0, 0, 0),
				Section.AUTHORITY);
		return query;
	}

	private List<Record> transfer(Message query) throws Exception {
		List<Record> records = new java.util.ArrayList<>();
		for (byte[] wire : handler.handle(query.toWire(), LOCAL, Transport.TCP)) {
			records.addAll(new Message(wire).getSection(Section.ANSWER));
		}
		return records;
	}

	private static String brief(Record record) {
		if (record instanceof SOARecord soa) {
			return "SOA " + soa.getSerial();
		}
		if (record.getType() == Type.CNAME) {
			return "CNAME " + record.getName().getLabelString(0);
		}
		return Type.string(record.getType()) + " " + record.rdataToString();
	}

}
