package io.containermonitor.proxy.metrics;

import java.time.Duration;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's own metrics, in Prometheus format on the management port, which is plain HTTP and needs no certificate. */
class ProxyMetricsTests extends ProxyIntegrationTest {

	@Test
	void managementPortServesTheProxysOwnMetrics() {
		client.get(ClientIdentity.certgen("bob", fixture.bobKey), ProxyFixture.hostOf(fixture.bobVm), "/metrics");
		client.get(null, ProxyFixture.hostOf(fixture.bobVm), "/metrics");
		String scrape = HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + managementPort + "/actuator/prometheus")
			.responseSingle((response, body) -> {
				assertThat(response.status().code()).isEqualTo(200);
				return body.asString();
			})
			.block(Duration.ofSeconds(10));
		assertThat(scrape).contains("# HELP cmon_proxy_requests_total")
			.containsPattern("cmon_proxy_requests_total\\{[^}]*route=\"agent-metrics\"[^}]*status=\"200\"[^}]*} [1-9]")
			.containsPattern("cmon_proxy_requests_total\\{[^}]*status=\"401\"[^}]*} [1-9]")
			.containsPattern("cmon_proxy_upstream_duration_seconds_count\\{[^}]*outcome=\"ok\"[^}]*route=\"agent-metrics\"[^}]*} [1-9]")
			.containsPattern("cmon_proxy_auth_failures_total\\{reason=\"no_certificate\"[^}]*} [1-9]")
			.contains("# HELP cmon_proxy_rate_limit_rejections_total")
			.contains("# HELP cmon_proxy_rate_limit_fail_open_total");
		assertThat(promtoolLint(ownFamilies(scrape))).as("promtool check metrics on the cmon_proxy_* families").isEmpty();
	}

	/** The {@code cmon_proxy_*} families of a scrape, with their HELP and TYPE lines. */
	private static String ownFamilies(String scrape) {
		StringBuilder own = new StringBuilder();
		for (String line : scrape.split("\n")) {
			String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
			if (name.startsWith("cmon_proxy_")) {
				own.append(line).append('\n');
			}
		}
		return own.toString();
	}

	/** promtool's complaints (empty when clean); promtool is the Debian package prometheus. */
	private static String promtoolLint(String exposition) {
		try {
			Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
			try (var in = process.getOutputStream()) {
				in.write(exposition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			int exit = process.waitFor();
			return exit == 0 ? "" : "exit " + exit + ": " + output;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("promtool is needed (Debian package prometheus)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void managementPortIsNotTheTlsListener() {
		int status = HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + managementPort + "/actuator/health")
			.response()
			.map(response -> response.status().code())
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(200);
	}

}
