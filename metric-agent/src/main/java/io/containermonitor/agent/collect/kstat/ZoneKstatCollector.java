package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.time.Duration;

import io.containermonitor.agent.collect.AbstractCollector;
import io.containermonitor.agent.collect.MetricSink;
import io.containermonitor.agent.collect.Scope;
import io.containermonitor.agent.collect.Target;

/**
 * A collector of one zone's kstats: resolves the VM uuid to the zone id under the chain
 * lock, then reads with that id as the kstat instance. A zone that is not running fails
 * with {@link ZoneNotFoundException}.
 */
public abstract class ZoneKstatCollector extends AbstractCollector {

	private final KstatHandle kstats;

	private final ZoneKstats zones;

	protected ZoneKstatCollector(String name, KstatHandle kstats, ZoneKstats zones, Duration ttl) {
		super(name, Scope.CONTAINER, ttl);
		this.kstats = kstats;
		this.zones = zones;
	}

	@Override
	public void collect(Target target, MetricSink sink) throws IOException {
		String zonename = target.requireContainer().vmUuid().toString();
		withZone(zonename, (chain, zoneId) -> {
			collect(chain, zoneId, zonename, sink);
			return null;
		});
	}

	/** Runs {@code read} under the chain lock with the running zone's id; fails when it is not running. */
	protected final <T> T withZone(String zonename, ZoneRead<T> read) throws IOException {
		try (KstatChain chain = kstats.open()) {
			int zoneId = zones.zoneId(chain, zonename).orElseThrow(() -> new ZoneNotFoundException(zonename));
			return read.read(chain, zoneId);
		}
	}

	/**
	 * A read of one zone's kstats under the chain lock.
	 *
	 * @param <T> what it gives
	 */
	@FunctionalInterface
	protected interface ZoneRead<T> {

		T read(KstatChain chain, int zoneId) throws KstatReadException;

	}

	/** Reads the zone's kstats; the chain lock is held. */
	protected abstract void collect(KstatChain chain, int zoneId, String zonename, MetricSink sink)
			throws KstatReadException;

	/** The one kstat {@code module:zoneId:name} (null name: any) of the class, or an error naming it. */
	protected static KstatSnapshot requireOne(KstatChain chain, String module, int zoneId, String name, String kstatClass)
			throws KstatReadException {
		java.util.List<KstatSnapshot> found = chain.read(module, zoneId, name, kstatClass);
		if (found.size() != 1) {
			throw new KstatReadException("expected one kstat " + module + ":" + zoneId + ":" + (name == null ? "*" : name)
					+ " of class " + kstatClass + ", found " + found.size());
		}
		return found.get(0);
	}

}
