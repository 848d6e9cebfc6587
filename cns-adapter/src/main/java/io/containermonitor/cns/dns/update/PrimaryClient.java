package io.containermonitor.cns.dns.update;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Talks to the primary: TSIG-signed UPDATEs over TCP (batches exceed 512 bytes), an
 * AXFR to read the zone back, and SOA queries for the serial.
 */
class PrimaryClient {

	private final InetSocketAddress primary;

	private final TSIG tsig;

	private final Duration timeout;

	PrimaryClient(InetSocketAddress primary, TSIG tsig, Duration timeout) {
		this.primary = primary;
		this.tsig = tsig;
		this.timeout = timeout;
	}

	/** Sends one UPDATE; returns normally only on NOERROR with a verified signature. */
	void send(Update update) throws IOException, UpdateRejectedException {
		Message answer = resolver(true).send(update);
		if (answer.getRcode() != Rcode.NOERROR) {
			throw new UpdateRejectedException("UPDATE of " + update.getQuestion().getName() + " to " + primary,
					answer.getRcode());
		}
		if (tsig != null && !answer.isVerified()) {
			throw new IOException("answer from " + primary + " to an UPDATE was not signed with our key");
		}
	}

	/** Every record of {@code zone}, by AXFR. */
	List<Record> transfer(Name zone) throws IOException, ZoneTransferException {
		ZoneTransferIn transfer = ZoneTransferIn.newAXFR(zone, primary, tsig);
		transfer.setTimeout(timeout);
		transfer.run();
		return transfer.getAXFR();
	}

	long serial(Name zone) throws IOException, UpdateRejectedException {
		Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
		Message answer = resolver(false).send(query);
		if (answer.getRcode() != Rcode.NOERROR) {
			throw new UpdateRejectedException("SOA query for " + zone + " to " + primary, answer.getRcode());
		}
		return answer.getSection(Section.ANSWER)
			.stream()
			.filter(SOARecord.class::isInstance)
			.map(r -> ((SOARecord) r).getSerial())
			.findFirst()
			.orElseThrow(() -> new IOException("no SOA for " + zone + " from " + primary));
	}

	@Override
	public String toString() {
		// The key's name only: never its secret.
		return primary.getHostString() + ":" + primary.getPort() + (tsig == null ? "" : " (TSIG)");
	}

	private SimpleResolver resolver(boolean tcp) {
		SimpleResolver resolver = new SimpleResolver(primary);
		resolver.setTCP(tcp);
		resolver.setTimeout(timeout);
		if (tsig != null) {
			resolver.setTSIGKey(tsig);
		}
		return resolver;
	}

}
