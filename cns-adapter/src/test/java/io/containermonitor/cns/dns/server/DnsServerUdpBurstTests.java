package io.containermonitor.cns.dns.server;

import static io.containermonitor.cns.TestVms.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import io.containermonitor.cns.names.CmonZone;

/**
 * Queries that arrive while the server is not reading (a collection pause under load) wait in
 * the socket's buffer and are all answered, rather than dropped by the kernel once a default
 * buffer's few hundred are queued.
 */
class DnsServerUdpBurstTests {

	private static final int BURST = 3000;

	private final CmonZone zone = CmonZone.of("us-east-1.cns.example.com");

	@TempDir
	Path dir;

	private DnsServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aBurstOfQueriesSentBeforeAnyAnswerIsReadIsAnsweredInFull() throws Exception {
		long rmemMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).trim());
		Assumptions.assumeTrue(rmemMax >= DnsServer.UDP_RECEIVE_BUFFER,
				"net.core.rmem_max is " + rmemMax + ": the kernel would cap the buffer this test relies on");
		AuthoritativeZone served = new AuthoritativeZone(new ZoneTemplate(zone, Name.fromString("ns1.example.com."),
				Name.fromString("hostmaster.example.com."), 30, List.of(InetAddress.getByName("192.0.2.10"))), 10, null);
		served.commit(Set.of(uuid(1)), new SerialStore(dir.resolve("serials"), Clock.systemUTC()));
		CountDownLatch paused = new CountDownLatch(1);
		CountDownLatch resume = new CountDownLatch(1);
		// The one UDP thread stops in the first query until the whole burst is queued.
		QueryMetrics stalling = new QueryMetrics(new SimpleMeterRegistry()) {
			@Override
			void answered(int rcode) {
				if (paused.getCount() > 0) {
					paused.countDown();
					try {
						resume.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				super.answered(rcode);
			}
		};
		QueryHandler handler = new QueryHandler(List.of(served), new TransferAcl(List.of("127.0.0.0/8")), stalling);
		server = new DnsServer(handler, InetAddress.getLoopbackAddress(), 0, 1, 4, Duration.ofSeconds(5));
		server.start();

		try (DatagramSocket client = new DatagramSocket(null)) {
			client.setReceiveBufferSize(DnsServer.UDP_RECEIVE_BUFFER);
			client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			client.setSoTimeout(3000);
			InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
			send(client, to, 0, 1);
			assertThat(paused.await(5, TimeUnit.SECONDS)).as("server stalled in the first query").isTrue();
			send(client, to, 1, BURST);
			resume.countDown();
			Set<Integer> answered = new HashSet<>();
			byte[] buffer = new byte[4096];
			try {
				while (answered.size() < BURST) {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					client.receive(packet);
					Message answer = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
					assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
					answered.add(answer.getHeader().getID());
				}
			}
			catch (SocketTimeoutException ex) {
				// Fall through to the assertion, which says how many were lost.
			}
			assertThat(answered).as("answers to a burst of %d queries", BURST).hasSize(BURST);
		}
	}

	/** Queries with ids {@code first} (inclusive) to {@code last} (exclusive). */
	private void send(DatagramSocket client, InetSocketAddress to, int first, int last) throws Exception {
		for (int id = first; id < last; id++) {
			Message query = Message.newQuery(Record.newRecord(zone.nameOf(uuid(1)), Type.A, DClass.IN));
			query.getHeader().setID(id);
			byte[] wire = query.toWire();
			client.send(new DatagramPacket(wire, wire.length, to));
		}
	}

}
