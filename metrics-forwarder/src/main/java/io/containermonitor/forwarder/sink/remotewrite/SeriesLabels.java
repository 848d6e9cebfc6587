package io.containermonitor.forwarder.sink.remotewrite;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.sink.ForwardedSample;

/**
 * A sample's labels as Prometheus itself would send them in remote write after
 * scraping the same target through Triton SD: {@code __name__}, the sample's own
 * labels, the target labels ({@code job}, {@code instance} = {@code <vm_uuid>.<dns_suffix>:<port>},
 * and the forwarder's identity labels {@code vm_uuid}, {@code vm_alias},
 * {@code server_uuid}, {@code groups}), then the external labels the series does not
 * already have. A scraped label that collides with a target label is kept as
 * {@code exported_<name>} ({@code honor_labels: false}); empty values are absent, as
 * in Prometheus. Sorted by name, as Prometheus' label sets are.
 */
public final class SeriesLabels {

	private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "vm_uuid", "vm_alias", "server_uuid",
			"groups");

	private final String job;

	private final InstanceNamer instances;

	private final Map<String, String> externalLabels;

	/**
	 * @param job the {@code job} label
	 * @param instances gives a target's {@code instance}
	 * @param externalLabels added to series that lack them
	 */
	public SeriesLabels(String job, InstanceNamer instances, Map<String, String> externalLabels) {
		this.job = job;
		this.instances = instances;
		this.externalLabels = Map.copyOf(externalLabels);
	}

	/** The full, sorted label set of the sample's series. */
	public TreeMap<String, String> of(ForwardedSample sample) {
		TreeMap<String, String> labels = new TreeMap<>();
		labels.put("__name__", sample.name());
		sample.labels().forEach((name, value) -> {
			if (!value.isEmpty()) {
				labels.put(TARGET_LABELS.contains(name) ? "exported_" + name : name, value);
			}
		});
		Target target = sample.target();
		labels.put("job", job);
		labels.put("instance", instances.instanceOf(target));
		labels.put("vm_uuid", target.vmUuid().toString());
		putIfPresent(labels, "vm_alias", target.alias());
		putIfPresent(labels, "server_uuid", target.serverUuid());
		putIfPresent(labels, "groups", String.join(",", target.groups()));
		externalLabels.forEach(labels::putIfAbsent);
		return labels;
	}

	private static void putIfPresent(Map<String, String> labels, String name, String value) {
		if (value != null && !value.isEmpty()) {
			labels.put(name, value);
		}
	}

	/** A target's {@code instance} label. */
	@FunctionalInterface
	public interface InstanceNamer {

		String instanceOf(Target target);

	}

}
