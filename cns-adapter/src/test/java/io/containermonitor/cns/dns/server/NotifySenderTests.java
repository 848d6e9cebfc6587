package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

import io.containermonitor.cns.names.CmonZone;

/** NOTIFY over real UDP sockets to a stand-in secondary that answers as told. */
class NotifySenderTests {

	private static final long SERIAL = 407_000_001L;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<Message> notifies = new CopyOnWriteArrayList<>();

	private final AtomicInteger soaQueries = new AtomicInteger();

	private DatagramSocket secondary;

	private NotifySender sender;

	private ZoneSnapshot snapshot;

	private Name origin;

	@BeforeEach
	void setUp() throws Exception {
		secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		sender = new NotifySender(List.of(new InetSocketAddress("127.0.0.1", secondary.getLocalPort())), 4,
				Duration.ofMillis(200), new QueryMetrics(meters), Executors.newSingleThreadScheduledExecutor());
		CmonZone zone = CmonZone.of("us-east-1.cns.example.com");
		origin = zone.origin();
		ZoneTemplate template = new ZoneTemplate(zone, Name.fromString("ns1.example.com."),
				Name.fromString("hostmaster.example.com."), 30, List.of());
		snapshot = new ZoneSnapshot(template, SERIAL, ZoneNames.of(Set.of(uuid(1))));
	}

	@AfterEach
	void tearDown() {
		sender.close();
		secondary.close();
	}

	@Test
	void notifyIsResentUntilTheSecondaryAnswers() throws Exception {
		secondary(n -> n >= 3, q -> SERIAL);

		sender.notifyAll(snapshot, () -> SERIAL);

		await().atMost(Duration.ofSeconds(5)).until(() -> soaQueries.get() == 1);
		assertThat(notifies).hasSize(3).allSatisfy(notify -> {
			assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
			assertThat(notify.getHeader().getFlag(Flags.AA)).isTrue();
			assertThat(notify.getQuestion().getName()).isEqualTo(origin);
			assertThat(((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial()).isEqualTo(SERIAL);
		});
		assertThat(meters.get("cmon.cns.notify.sent").counter().count()).isEqualTo(1);
		assertThat(meters.get("cmon.cns.notify.failed").counter().count()).isZero();
	}

	@Test
	void aSecondaryStillBehindAfterAcknowledgingIsNotifiedAgain() throws Exception {
		secondary(n -> true, q -> q == 1 ? SERIAL - 1 : SERIAL);

		sender.notifyAll(snapshot, () -> SERIAL);

		await().atMost(Duration.ofSeconds(5)).until(() -> soaQueries.get() == 2);
		assertThat(notifies).hasSize(2);
		assertThat(meters.get("cmon.cns.notify.sent").counter().count()).isEqualTo(2);
		assertThat(meters.get("cmon.cns.notify.failed").counter().count()).isZero();
	}

	@Test
	void notifyGivesUpAfterItsRetriesAndCountsTheFailure() throws Exception {
		sender.notifyAll(snapshot, () -> SERIAL);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.get("cmon.cns.notify.failed").counter().count()).isEqualTo(1));
		assertThat(meters.get("cmon.cns.notify.sent").counter().count()).isZero();
	}

	@Test
	void aNotifyForASupersededSerialIsNotSent() throws Exception {
		secondary(n -> true, q -> SERIAL);

		sender.notifyAll(snapshot, () -> SERIAL + 1);

		Thread.sleep(500);
		assertThat(notifies).isEmpty();
		assertThat(meters.get("cmon.cns.notify.sent").counter().count()).isZero();
	}

	/**
	 * Starts the stand-in: it answers the n-th NOTIFY if {@code answerNotify} says so,
	 * and the q-th SOA query with the serial {@code serialOfQuery} gives.
	 */
	private void secondary(IntPredicate answerNotify, IntToLongFunction serialOfQuery) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[4096];
			try {
				while (true) {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					secondary.receive(packet);
					Message request = new Message(Arrays.copyOf(buffer, packet.getLength()));
					Message answer = new Message(request.getHeader().getID());
					answer.getHeader().setFlag(Flags.QR);
					answer.getHeader().setOpcode(request.getHeader().getOpcode());
					answer.addRecord(request.getQuestion(), Section.QUESTION);
					if (request.getHeader().getOpcode() == Opcode.NOTIFY) {
						notifies.add(request);
						if (!answerNotify.test(notifies.size())) {
							continue;
						}
					}
					else {
						long serial = serialOfQuery.applyAsLong(soaQueries.incrementAndGet());
						answer.addRecord(new SOARecord(origin, DClass.IN, 30, origin, origin, serial, 30, 60, 600, 30),
								Section.ANSWER);
					}
					byte[] wire = answer.toWire();
					secondary.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
				}
			}
			catch (SocketException ex) {
				// closed after the test
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, "stand-in-secondary");
		thread.setDaemon(true);
		thread.start();
	}

}
