package io.containermonitor.proxy.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The proxy's own metrics, served on the management port ({@code /actuator/prometheus}):
 * <ul>
 * <li>{@code cmon_proxy_requests_total{route,status}}: every answer on the public port;</li>
 * <li>{@code cmon_proxy_upstream_duration_seconds{route,outcome}}: time to the agent's or
 * discovery's response headers;</li>
 * <li>{@code cmon_proxy_rate_limit_rejections_total}: 429 answers;</li>
 * <li>{@code cmon_proxy_rate_limit_fail_open_total}: requests let through because the
 * shared limiter (Redis) failed;</li>
 * <li>{@code cmon_proxy_auth_failures_total{reason}}: 401 answers by reason;</li>
 * <li>{@code cmon_proxy_connections_refused_total}: new connections closed before their TLS
 * handshake, their client address over its limit.</li>
 * </ul>
 */
@Component
public class ProxyMetrics {

	private final MeterRegistry registry;

	private final Counter rateLimitRejections;

	private final Counter rateLimitFailOpen;

	private final Counter connectionsRefused;

	private final Map<String, Counter> requests = new ConcurrentHashMap<>();

	private final Map<String, Timer> upstreamTimers = new ConcurrentHashMap<>();

	public ProxyMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.rateLimitRejections = Counter.builder("cmon.proxy.rate.limit.rejections")
			.description("Requests answered 429 because the account's token bucket was empty")
			.register(registry);
		this.rateLimitFailOpen = Counter.builder("cmon.proxy.rate.limit.fail.open")
			.description("Requests let through unlimited because the shared rate limiter (Redis) failed")
			.register(registry);
		this.connectionsRefused = Counter.builder("cmon.proxy.connections.refused")
			.description("New connections closed before their TLS handshake: their client address was over its limit")
			.register(registry);
	}

	public void request(String route, int status) {
		// Looked up once per (route, status): building and registering a meter on every request
		// costs more than the count.
		requests.computeIfAbsent(route + ' ' + status, key -> Counter.builder("cmon.proxy.requests")
			.description("Requests answered on the public port, by route and status")
			.tag("route", route)
			.tag("status", Integer.toString(status))
			.register(registry)).increment();
	}

	public void upstream(String route, String outcome, Duration duration) {
		upstream(route, outcome, duration.toNanos());
	}

	public void upstream(String route, String outcome, long nanos) {
		upstreamTimers.computeIfAbsent(route + ' ' + outcome, key -> Timer.builder("cmon.proxy.upstream.duration")
			.description("Time from forwarding a request to the upstream's response headers")
			.tag("route", route)
			.tag("outcome", outcome)
			.register(registry)).record(nanos, TimeUnit.NANOSECONDS);
	}

	public void rateLimitRejected() {
		rateLimitRejections.increment();
	}

	public void connectionRefused() {
		connectionsRefused.increment();
	}

	public void rateLimitFailedOpen() {
		rateLimitFailOpen.increment();
	}

	public void authFailure(String reason) {
		Counter.builder("cmon.proxy.auth.failures")
			.description("Requests answered 401, by reason")
			.tag("reason", reason)
			.register(registry)
			.increment();
	}

}
