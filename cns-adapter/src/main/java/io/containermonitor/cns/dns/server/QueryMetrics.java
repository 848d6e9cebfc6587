package io.containermonitor.cns.dns.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.xbill.DNS.Rcode;

/**
 * Counts answered queries by response code ({@code cmon_cns_dns_queries_total{rcode}}),
 * zone transfers and NOTIFYs.
 */
public class QueryMetrics {

	private final MeterRegistry registry;

	private final ConcurrentMap<Integer, Counter> byRcode = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Counter> transfers = new ConcurrentHashMap<>();

	private final Counter notifySent;

	private final Counter notifyFailed;

	public QueryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.notifySent = Counter.builder("cmon.cns.notify.sent")
			.description("NOTIFY messages answered by a secondary")
			.register(registry);
		this.notifyFailed = Counter.builder("cmon.cns.notify.failed")
			.description("NOTIFY messages given up on after every retry")
			.register(registry);
	}

	void answered(int rcode) {
		byRcode.computeIfAbsent(rcode, rc -> Counter.builder("cmon.cns.dns.queries")
			.description("DNS queries answered, by response code")
			.tag("rcode", Rcode.string(rc))
			.register(registry)).increment();
	}

	void transferred(String type) {
		transfers.computeIfAbsent(type, t -> Counter.builder("cmon.cns.dns.transfers")
			.description("Zone transfers served, by type (AXFR, IXFR, IXFR answered with the full zone)")
			.tag("type", t)
			.register(registry)).increment();
	}

	void notifySent() {
		notifySent.increment();
	}

	void notifyFailed() {
		notifyFailed.increment();
	}

}
