package io.containermonitor.cns.dns.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * Tells secondaries of a new serial (RFC 1996): a NOTIFY over UDP to each target,
 * resent until it is answered and the secondary's SOA shows the serial, at most
 * {@code retries} times, and given up as soon as a newer serial has its own NOTIFY
 * under way.
 */
final class NotifySender {

	private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

	private final List<InetSocketAddress> targets;

	private final int retries;

	private final Duration timeout;

	private final QueryMetrics metrics;

	private final ScheduledExecutorService executor;

	NotifySender(List<InetSocketAddress> targets, int retries, Duration timeout, QueryMetrics metrics,
			ScheduledExecutorService executor) {
		this.targets = List.copyOf(targets);
		this.retries = retries;
		this.timeout = timeout;
		this.metrics = metrics;
		this.executor = executor;
	}

	/** Stops sending; NOTIFYs still queued are dropped. */
	void close() {
		executor.shutdownNow();
	}

	/** Sends NOTIFY for {@code snapshot} to every target; {@code currentSerial} tells whether it is still news. */
	void notifyAll(ZoneSnapshot snapshot, LongSupplier currentSerial) {
		for (InetSocketAddress target : targets) {
			executor.execute(() -> attempt(snapshot, target, 1, currentSerial));
		}
	}

	private void attempt(ZoneSnapshot snapshot, InetSocketAddress target, int attempt, LongSupplier currentSerial) {
		if (currentSerial.getAsLong() != snapshot.serial()) {
			return;
		}
		String zone = snapshot.template().zone().toString();
		try {
			int rcode = exchange(notify(snapshot), target).getRcode();
			if (rcode == Rcode.NOERROR) {
				metrics.notifySent();
				log.debug("NOTIFY {} serial {} acknowledged by {}", zone, snapshot.serial(), target);
				executor.schedule(() -> confirm(snapshot, target, attempt, currentSerial), timeout.toMillis(),
						TimeUnit.MILLISECONDS);
				return;
			}
			log.warn("NOTIFY {} serial {} to {} answered {} (attempt {})", zone, snapshot.serial(), target,
					Rcode.string(rcode), attempt);
		}
		catch (IOException ex) {
			log.debug("NOTIFY {} serial {} to {} failed (attempt {}): {}", zone, snapshot.serial(), target, attempt,
					ex.toString());
		}
		retryOrGiveUp(snapshot, target, attempt, currentSerial, timeout.toMillis() * attempt);
	}

	/**
	 * Asks the secondary for its SOA after an acknowledged NOTIFY, as CNS does: a secondary
	 * busy with a refresh only queues the NOTIFY, and one whose refresh failed waits for
	 * its retry timer (minutes), so a secondary still behind is notified again.
	 */
	private void confirm(ZoneSnapshot snapshot, InetSocketAddress target, int attempt, LongSupplier currentSerial) {
		if (currentSerial.getAsLong() != snapshot.serial()) {
			return;
		}
		try {
			Message answer = exchange(Message.newQuery(
					Record.newRecord(snapshot.template().origin(), Type.SOA, DClass.IN)), target);
			boolean caughtUp = answer.getRcode() == Rcode.NOERROR && answer.getSection(Section.ANSWER)
				.stream()
				.anyMatch(r -> r instanceof SOARecord soa && Serial.compare(soa.getSerial(), snapshot.serial()) >= 0);
			if (caughtUp) {
				log.debug("Secondary {} has {} serial {}", target, snapshot.template().zone(), snapshot.serial());
				return;
			}
		}
		catch (IOException ex) {
			log.debug("SOA query to secondary {} failed: {}", target, ex.toString());
		}
		retryOrGiveUp(snapshot, target, attempt, currentSerial, 0);
	}

	private void retryOrGiveUp(ZoneSnapshot snapshot, InetSocketAddress target, int attempt,
			LongSupplier currentSerial, long delayMillis) {
		if (attempt >= retries) {
			metrics.notifyFailed();
			log.warn("Gave up NOTIFY {} serial {} to {} after {} attempts", snapshot.template().zone(),
					snapshot.serial(), target, attempt);
			return;
		}
		executor.schedule(() -> attempt(snapshot, target, attempt + 1, currentSerial), delayMillis,
				TimeUnit.MILLISECONDS);
	}

	private static Message notify(ZoneSnapshot snapshot) {
		Message notify = new Message();
		notify.getHeader().setOpcode(Opcode.NOTIFY);
		notify.getHeader().setFlag(Flags.AA);
		notify.addRecord(Record.newRecord(snapshot.template().origin(), Type.SOA, DClass.IN), Section.QUESTION);
		notify.addRecord(snapshot.soa(), Section.ANSWER);
		return notify;
	}

	/** Sends {@code request} over UDP and waits up to the timeout for the answer with its id. */
	private Message exchange(Message request, InetSocketAddress target) throws IOException {
		byte[] wire = request.toWire();
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout((int) timeout.toMillis());
			socket.send(new DatagramPacket(wire, wire.length, target));
			byte[] buffer = new byte[4096];
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				socket.receive(packet);
				Message answer = new Message(Arrays.copyOf(buffer, packet.getLength()));
				if (answer.getHeader().getID() == request.getHeader().getID() && answer.getHeader().getFlag(Flags.QR)) {
					return answer;
				}
				if (System.nanoTime() > deadline) {
					throw new SocketTimeoutException("no answer from " + target);
				}
			}
		}
	}

}
