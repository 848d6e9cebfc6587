package io.containermonitor.cns;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.containermonitor.cns.names.ZonePublisher;
import io.containermonitor.cns.names.ZoneStatus;

/**
 * Health {@code cns}, part of the readiness group: UP once every zone is published
 * (served at a serial, or synced to the primary) with no error; OUT_OF_SERVICE before that (waiting for the
 * inventory's first listing); DOWN while publishing fails (disk full, primary down).
 */
public class CnsHealthIndicator implements HealthIndicator {

	private final ZonePublisher publisher;

	CnsHealthIndicator(ZonePublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public Health health() {
		List<ZoneStatus> zones = publisher.zones();
		Health.Builder health;
		if (zones.stream().anyMatch(zone -> zone.lastError() != null)) {
			health = Health.down();
		}
		else if (zones.stream().anyMatch(zone -> !isPublished(zone))) {
			health = Health.outOfService();
		}
		else {
			health = Health.up();
		}
		return health.withDetail("mode", publisher.mode()).withDetail("zones", zones).build();
	}

	/** Served at some serial (maybe the one saved before a restart), or synced to the primary once. */
	private boolean isPublished(ZoneStatus zone) {
		return "server".equals(publisher.mode()) ? zone.serial() != null : zone.lastSync() != null;
	}

}
