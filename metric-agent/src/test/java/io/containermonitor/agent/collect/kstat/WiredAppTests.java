package io.containermonitor.agent.collect.kstat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.containermonitor.agent.MetricAgentApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole agent application with {@code cmon.agent.backend=kstat} on the stand-in libkstat. */
@SpringBootTest(classes = MetricAgentApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.backend=kstat", "cmon.agent.kstat.discovery-interval=1h",
				"cmon.agent.plugins.vm-dir=target/no-plugins", "cmon.agent.plugins.gz-dir=target/no-plugins",
				"cmon.agent.server-uuid=11111111-2222-4333-8444-555555555555", "cmon.agent.hostname=node1",
				"management.server.port=0" })
@org.junit.jupiter.api.Timeout(60)
class WiredAppTests {

	private static FakeKstat fake;

	@DynamicPropertySource
	static void backend(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Path.of("target/kstat-wired").toAbsolutePath();
		Files.createDirectories(dir);
		fake = FakeKstat.start(WiredAppTests.class, dir);
		Path zfs = new FakeCommands(dir).command("zfs",
				"26843545600\t1610612736\t2684354560\t131072\t0\t1.53x\t1.61x\t1073741824\t1717986918\t1073741824\t536870912\n");
		registry.add("cmon.agent.kstat.library", fake.library::toString);
		registry.add("cmon.agent.kstat.commands.zfs", zfs::toString);
	}

	@LocalServerPort
	int port;

	private String scrape(String target) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build()
			.get()
			.uri("/v1/" + target + "/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void theWholeAgentServesZonesFromKstatOnly() {
		assertThat(scrape(ZONE_A)).contains("cpu_user_usage 58708613676893", "zfs_used",
				"zone_misc_metrics_available_boolean 1")
			.doesNotContain("runqueue_metrics", "cpu_metrics_available", "net_metrics_available", "tasks_metrics");
		assertThat(scrape("gz")).contains("cpu_user_seconds_total{cpu_id=\"0\"} 500", "arcstats_hits_total",
				"cpu_util_metrics_available_boolean 1");
	}

}
