package io.containermonitor.forwarder.discovery;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP once a discovery succeeded and while the last one did; DOWN (old targets kept) while it fails. */
public class DiscoveryHealthIndicator implements HealthIndicator {

	private final TargetRefresher refresher;

	public DiscoveryHealthIndicator(TargetRefresher refresher) {
		this.refresher = refresher;
	}

	@Override
	public Health health() {
		boolean up = refresher.lastSuccess() != null && refresher.lastError() == null;
		Health.Builder health = up ? Health.up() : Health.down();
		health.withDetail("url", refresher.discoverUrl()).withDetail("targets", refresher.targets());
		if (refresher.lastSuccess() != null) {
			health.withDetail("lastSuccess", refresher.lastSuccess().toString());
		}
		if (refresher.lastError() != null) {
			health.withDetail("lastError", refresher.lastError());
		}
		return health.build();
	}

}
