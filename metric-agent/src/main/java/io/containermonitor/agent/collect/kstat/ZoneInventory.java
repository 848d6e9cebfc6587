package io.containermonitor.agent.collect.kstat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.containermonitor.agent.container.PeriodicScan;
import io.containermonitor.agent.container.Container;
import io.containermonitor.agent.container.ContainerDirectory;
import io.containermonitor.core.vm.TritonUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The zones on this node as containers: the illumos {@link ContainerDirectory}, twin of
 * the cgroup-based {@code ContainerInventory}: running zones whose name is a uuid (Triton VMs), from the
 * {@code zones} kstats or {@code zoneadm list -p}, with owner and alias from
 * {@code vmadm list} when vmadm is there. Refreshed every
 * {@code cmon.agent.kstat.discovery-interval}, and at once when a scrape asks for a zone
 * that runs but is not listed yet; listeners hear of every change.
 * <p>
 * {@link #isRunning} is cmon-agent's {@code _confirmSanity}: it looks the zone id up
 * again and answers false when it changed since the last look (the zone rebooted, so a
 * reading may mix two boots), which makes the scrape a 404; the next one is served.
 * Thread-safe.
 */
public class ZoneInventory implements ContainerDirectory, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ZoneInventory.class);

	private final KstatHandle kstats;

	private final ZoneKstats zoneKstats;

	private final CommandRunner commands;

	private final CommandOutputFailures failures;

	private final KstatProperties properties;

	private final UUID defaultOwner;

	private final Clock clock;

	private final List<Consumer<Collection<Container>>> listeners = new CopyOnWriteArrayList<>();

	private final Map<UUID, Integer> lastZoneId = new ConcurrentHashMap<>();

	private volatile Map<UUID, Container> containers = Map.of();

	private final PeriodicScan scanning;

	public ZoneInventory(KstatHandle kstats, ZoneKstats zoneKstats, CommandRunner commands,
			CommandOutputFailures failures, KstatProperties properties, UUID defaultOwner, Clock clock) {
		this.kstats = kstats;
		this.zoneKstats = zoneKstats;
		this.commands = commands;
		this.failures = failures;
		this.properties = properties;
		this.scanning = new PeriodicScan("zone-scan", this::refresh, properties.discoveryInterval());
		this.defaultOwner = defaultOwner;
		this.clock = clock;
	}

	/**
	 * The zone, also when it booted after the last refresh: an unknown uuid is looked up
	 * in kstat (cheap, no fork), and only a zone found running there triggers a refresh,
	 * so it is served at once as cmon-agent would (it resolved every request in kstat).
	 */
	@Override
	public Optional<Container> findKnown(UUID vmUuid) {
		return Optional.ofNullable(containers.get(vmUuid));
	}

	@Override
	public Optional<Container> find(UUID vmUuid) {
		Container known = containers.get(vmUuid);
		if (known != null) {
			return Optional.of(known);
		}
		try (KstatChain chain = kstats.open()) {
			if (zoneKstats.zoneId(chain, vmUuid.toString()).isEmpty()) {
				return Optional.empty();
			}
		}
		catch (KstatReadException ex) {
			log.warn("cannot look up zone {}: {}", vmUuid, ex.getMessage());
			return Optional.empty();
		}
		refresh();
		return Optional.ofNullable(containers.get(vmUuid));
	}

	@Override
	public Collection<Container> all() {
		return containers.values();
	}

	/** Whether the zone runs now with the same zone id as at the last look (see class comment). */
	@Override
	public boolean isRunning(Container container) {
		OptionalInt now;
		try (KstatChain chain = kstats.open()) {
			now = zoneKstats.zoneId(chain, container.vmUuid().toString());
		}
		catch (KstatReadException ex) {
			log.warn("cannot look up zone {}: {}", container.vmUuid(), ex.getMessage());
			return false;
		}
		if (now.isEmpty()) {
			lastZoneId.remove(container.vmUuid());
			return false;
		}
		Integer before = lastZoneId.put(container.vmUuid(), now.getAsInt());
		if (before != null && before != now.getAsInt()) {
			log.debug("zone {} changed id {} -> {} (rebooted)", container.vmUuid(), before, now.getAsInt());
			return false;
		}
		return true;
	}

	@Override
	public void addListener(Consumer<Collection<Container>> listener) {
		listeners.add(listener);
	}

	/** Re-reads the zone list now; returns whether anything changed. */
	@Override
	public synchronized boolean refresh() {
		Map<UUID, Integer> running;
		try {
			running = properties.zoneSource() == KstatProperties.ZoneSource.ZONEADM ? fromZoneadm() : fromKstat();
		}
		catch (IOException ex) {
			log.warn("cannot list zones: {}", ex.getMessage());
			return false;
		}
		Map<UUID, VmadmListOutput.Vm> vms = vmadm();
		Map<UUID, Container> next = new LinkedHashMap<>();
		for (Map.Entry<UUID, Integer> zone : running.entrySet()) {
			UUID uuid = zone.getKey();
			Container known = containers.get(uuid);
			VmadmListOutput.Vm vm = vms.get(uuid);
			String alias = vm != null && !vm.alias().isEmpty() ? vm.alias() : uuid.toString();
			UUID owner = vm != null ? vm.owner() : defaultOwner;
			Map<String, String> labels = vm != null ? Map.of("brand", vm.brand()) : Map.of();
			Container c = new Container(uuid, alias, "zone", null, "/zones/" + uuid, labels, owner, true,
					known != null ? known.firstSeen() : clock.instant());
			next.put(uuid, c);
			// A reboot seen here is not a reason to refuse the next scrape: start from the new id.
			lastZoneId.put(uuid, zone.getValue());
		}
		lastZoneId.keySet().retainAll(next.keySet());
		if (next.equals(containers)) {
			return false;
		}
		containers = java.util.Collections.unmodifiableMap(next); // chain order, stable for /v1/ping and registration
		log.debug("zones changed: {} now", next.size());
		listeners.forEach(l -> l.accept(containers.values()));
		return true;
	}

	private Map<UUID, Integer> fromKstat() throws KstatReadException {
		Map<UUID, Integer> zones = new LinkedHashMap<>();
		try (KstatChain chain = kstats.open()) {
			zoneKstats.runningZones(chain)
				.forEach((name, id) -> TritonUuid.parse(name).ifPresent(uuid -> zones.put(uuid, id)));
		}
		return zones;
	}

	private Map<UUID, Integer> fromZoneadm() throws CommandException {
		String output = commands.run(List.of(properties.commands().zoneadm().toString(), "list", "-p"));
		Map<UUID, Integer> zones = new LinkedHashMap<>();
		for (ZoneadmListOutput.Zone z : ZoneadmListOutput.parse(output).reportTo(failures, "zoneadm")) {
			if (z.running()) {
				TritonUuid.parse(z.name()).ifPresent(uuid -> zones.put(uuid, z.id()));
			}
		}
		return zones;
	}

	/** Owners and aliases; empty (default owner) when vmadm is absent or fails. */
	private Map<UUID, VmadmListOutput.Vm> vmadm() {
		if (!Files.isExecutable(properties.commands().vmadm())) {
			return Map.of();
		}
		try {
			String output = commands.run(List.of(properties.commands().vmadm().toString(), "list", "-p", "-o",
					VmadmListOutput.FIELDS));
			Map<UUID, VmadmListOutput.Vm> vms = new LinkedHashMap<>();
			VmadmListOutput.parse(output).reportTo(failures, "vmadm").forEach(vm -> vms.put(vm.uuid(), vm));
			return vms;
		}
		catch (CommandException ex) {
			log.warn("vmadm list failed, owners unknown: {}", ex.getMessage());
			return Map.of();
		}
	}

	@Override
	public synchronized void start() {
		refresh();
		log.info("kstat backend: {} zones found from {}", containers.size(), properties.zoneSource());
		scanning.start();
	}

	@Override
	public synchronized void stop() {
		scanning.stop();
	}

	@Override
	public synchronized boolean isRunning() {
		return scanning.isRunning();
	}

}
