package io.containermonitor.agent.collect.kstat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.containermonitor.agent.collect.MetricSink;

/**
 * cmon-agent's {@code link} (reference 2.1): every {@code link:*:*} kstat of class
 * {@code net} whose {@code zonename} statistic is the VM uuid, one sample per VNIC
 * labelled {@code interface="vnic<ppa>"}. A zone without VNICs reports nothing and
 * stays available (cmon-agent turned that into a 404, reference 9.5; not copied).
 * With vminfod configured, a VNIC whose interface ({@code net0}) vminfod lists also gets
 * {@code nic_tag} and {@code network_uuid}; vminfod is asked before the chain lock is
 * taken, so its latency never holds up other kstat readers.
 */
public class LinkCollector extends ZoneKstatCollector {

	/** {@code z<zoneid>_<prefix><ppa>}, e.g. {@code z12_net0} or {@code z12_eth1} (lx). */
	private static final Pattern LINK = Pattern.compile("^z\\d+_\\D+(\\d+)$");

	static final List<KstatMetric> TABLE = List.of(
			KstatMetric.counter("ipackets64", "net_agg_packets_in", "Aggregate inbound packets"),
			KstatMetric.counter("obytes64", "net_agg_bytes_out", "Aggregate outbound bytes"),
			KstatMetric.counter("opackets64", "net_agg_packets_out", "Aggregate outbound packets"),
			KstatMetric.counter("rbytes64", "net_agg_bytes_in", "Aggregate inbound bytes"));

	/** {@code z<zoneid>_} in front of the zone's own link name. */
	private static final Pattern ZONE_PREFIX = Pattern.compile("^z\\d+_");

	private final VminfodNics vminfod;

	public LinkCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		this(kstats, zones, ttl, null);
	}

	/** @param vminfod where NIC labels come from, or null for none */
	public LinkCollector(KstatHandle kstats, ZoneKstats zones, Duration ttl, VminfodNics vminfod) {
		super("link", kstats, zones, ttl);
		this.vminfod = vminfod;
	}

	@Override
	public void collect(io.containermonitor.agent.collect.Target target, MetricSink sink) throws java.io.IOException {
		String zonename = target.requireContainer().vmUuid().toString();
		Map<String, Map<String, String>> nics = vminfod == null ? Map.of() : vminfod.labels(zonename);
		List<KstatSnapshot> links = withZone(zonename, (chain, zoneId) -> links(chain, zonename));
		emit(links, nics, sink);
	}

	@Override
	protected void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink) throws KstatReadException {
		emit(links(chain, zonename), Map.of(), sink);
	}

	private static List<KstatSnapshot> links(KstatChain chain, String zonename) throws KstatReadException {
		return chain.read("link", -1, null, "net")
			.stream()
			.filter(k -> k.get("zonename").map(v -> zonename.equals(v.text())).orElse(false))
			.sorted(java.util.Comparator.comparing(KstatSnapshot::name))
			.toList();
	}

	private static void emit(List<KstatSnapshot> links, Map<String, Map<String, String>> nics, MetricSink sink)
			throws KstatReadException {
		for (KstatSnapshot link : links) {
			Map<String, String> labels = new java.util.HashMap<>();
			labels.put("interface", interfaceName(link.name()));
			labels.putAll(nics.getOrDefault(ZONE_PREFIX.matcher(link.name()).replaceFirst(""), Map.of()));
			KstatMetric.emit(link, TABLE, sink, labels);
		}
	}

	/** {@code z12_net0} becomes {@code vnic0}; a name of another shape is kept as it is. */
	static String interfaceName(String kstatName) {
		Matcher m = LINK.matcher(kstatName);
		return m.matches() ? "vnic" + m.group(1) : kstatName;
	}

}
