package io.containermonitor.agent.collect.kstat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.containermonitor.agent.AgentProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_A;
import static io.containermonitor.agent.collect.kstat.FakeKstat.ZONE_B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own HTTP API, scraper, catalog and runner wired to the kstat backend (the
 * Linux-only beans left out, as the backend switch will do), on a random port, over the
 * stand-in libkstat and stand-in commands: cmon-agent's routes answer for zones.
 */
@SpringBootTest(classes = KstatAgentHttpTests.KstatAgent.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cmon.agent.backend=kstat", "cmon.agent.kstat.discovery-interval=1h",
				"cmon.agent.cache.kernel-ttl=1s",
				"cmon.agent.plugins.vm-dir=target/no-plugins", "cmon.agent.plugins.gz-dir=target/no-plugins",
				"cmon.agent.server-uuid=11111111-2222-4333-8444-555555555555", "cmon.agent.hostname=node1",
				"management.server.port=0" })
@org.junit.jupiter.api.Timeout(60)
class KstatAgentHttpTests {

	/** The agent's web layer and scraper with the kstat backend instead of the cgroup one. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(AgentProperties.class)
	@ComponentScan(basePackages = "io.containermonitor.agent", useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
					pattern = { "io\\.containermonitor\\.agent\\.web\\.(MetricsController|AgentErrorHandler|AgentHeadersFilter|AgentResponseHeaders|ScrapeRouteConfiguration)",
							"io\\.containermonitor\\.agent\\.AgentConfiguration",
							"io\\.containermonitor\\.agent\\.collect\\.(TargetScraper|CollectorCatalog|CollectorRunner|TimeCollector|AgentSelfMetrics)",
							"io\\.containermonitor\\.agent\\.sweep\\.Sweep",
							"io\\.containermonitor\\.agent\\.collect\\.plugin\\.(PluginCatalog|PluginExecutor)",
							"io\\.containermonitor\\.agent\\.collect\\.kstat\\.KstatBackendConfiguration" }))
	static class KstatAgent {

	}

	private static final Path DIR = Path.of("target/kstat-http").toAbsolutePath();

	private static FakeKstat fake;

	private static String original;

	private static com.sun.net.httpserver.HttpServer vminfod;

	@org.junit.jupiter.api.AfterAll
	static void stopVminfod() {
		vminfod.stop(0);
	}

	@DynamicPropertySource
	static void backend(DynamicPropertyRegistry registry) throws Exception {
		Files.createDirectories(DIR);
		fake = FakeKstat.start(KstatAgentHttpTests.class, DIR);
		original = fake.text();
		FakeCommands commands = new FakeCommands(DIR);
		Path zfs = commands.command("zfs",
				"26843545600\t1610612736\t2684354560\t131072\t0\t1.53x\t1.61x\t1073741824\t1717986918\t1073741824\t536870912\n");
		Path zpool = commands.command("zpool", "zones\t1893893275648\t23%\tONLINE\t3985729650688\n");
		Path vmadm = commands.command("vmadm",
				ZONE_A + ":930896af-bf8c-48d4-885c-6573a94b1853:joyent:web0\n" + ZONE_B + ":930896af-bf8c-48d4-885c-6573a94b1853:lx:db0\n");
		Path ntpq = commands.ntpq(NtpCollectorTests.APEERS, NtpCollectorTests.SYSTEM, 0);
		registry.add("cmon.agent.kstat.library", fake.library::toString);
		registry.add("cmon.agent.kstat.commands.zfs", zfs::toString);
		registry.add("cmon.agent.kstat.commands.zpool", zpool::toString);
		registry.add("cmon.agent.kstat.commands.vmadm", vmadm::toString);
		registry.add("cmon.agent.kstat.commands.ntpq", ntpq::toString);
		vminfod = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		vminfod.createContext("/vms/", exchange -> {
			byte[] bytes = (exchange.getRequestURI().getPath().equals("/vms/" + ZONE_A) ? VminfodNicsTests.VM_A : "{}")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (java.io.OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		vminfod.start();
		registry.add("cmon.agent.kstat.vminfod-url", () -> "http://127.0.0.1:" + vminfod.getAddress().getPort());
	}

	@LocalServerPort
	int port;

	/**
	 * Spring's reactive test client with a response timeout: a stuck request fails, never
	 * hangs the build (the JDK HttpClient was seen to wait forever on a reused
	 * keep-alive connection on a loaded machine).
	 */
	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(java.time.Duration.ofSeconds(20))
			.build();
	}

	/**
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	private record Reply(int status, String contentType, String body) {
	}

	private Reply get(String path) {
		EntityExchangeResult<String> r = client().get().uri(path).exchange().expectBody(String.class).returnResult();
		return new Reply(r.getStatus().value(), String.valueOf(r.getResponseHeaders().getContentType()),
				r.getResponseBody() == null ? "" : Exposition.sortLabels(r.getResponseBody()));
	}

	private int refresh() {
		return client().post().uri("/v1/refresh").exchange().expectBody(String.class).returnResult().getStatus().value();
	}

	@AfterEach
	void restore() throws Exception {
		String chainLine = fake.text().lines().filter(l -> l.startsWith("chain ")).findFirst().orElseThrow();
		fake.write(original.replaceFirst("(?m)^chain \\d+$", chainLine));
		fake.bumpChain();
	}

	@Test
	void zoneMetricsUnderCmonNames() throws Exception {
		Reply response = get("/v1/" + ZONE_A + "/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/plain").contains("version=0.0.4");
		assertThat(response.body()).contains("cpu_user_usage 58708613676893", "load_average 1.5",
				"mem_agg_usage 268435456", "cpucap_limit_percentage 200",
				"net_agg_bytes_in{interface=\"vnic0\",network_uuid=\"7a2e7c3d-2b8f-4b7e-9f30-5c4c1a9e0d11\",nic_tag=\"external\"} 551194436", "tcp_passive_open_count 11",
				"vfs_run_length_time_count 4000", "zfs_used 1610612736", "time_of_day ",
				"zone_misc_metrics_available_boolean 1", "zfs_metrics_available_boolean 1");
		PromtoolLint.assertClean(response.body());
	}

	/** The whole zone scrape against {@code src/test/kstat/fixtures/zone-a.prom}; {@code -Dgolden.update=true} rewrites it. */
	@Test
	void goldenZoneScrape() throws Exception {
		String scrape = Exposition.normalise(get("/v1/" + ZONE_A + "/metrics").body());
		Path golden = Path.of("src/test/kstat/fixtures/zone-a.prom");
		if (Boolean.getBoolean("golden.update")) {
			Files.writeString(golden, scrape);
		}
		assertThat(scrape).isEqualTo(Files.readString(golden));
	}

	@Test
	void gzMetrics() throws Exception {
		Reply response = get("/v1/gz/metrics");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("cpu_idle_seconds_total{cpu_id=\"1\"} 2000", "cpu_info_model 79",
				"arcstats_size_bytes", "zpool_size_bytes{pool=\"zones\"} 3985729650688",
				"ntp_peer_state{remote=\"10.0.0.1\"} 6", "cmon_agent_kstat_chain_updates_total");
		PromtoolLint.assertClean(response.body());
	}

	@Test
	void unknownZoneIs404() throws Exception {
		assertThat(get("/v1/b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f0a0000/metrics").status()).isEqualTo(404);
	}

	@Test
	void aZoneThatHaltedIs404AtItsNextReading() throws Exception {
		assertThat(get("/v1/" + ZONE_B + "/metrics").status()).isEqualTo(200);
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		fake.bumpChain();
		// a scrape is served from the last reading while that is within its TTL (1 s here)
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
		Reply gone = get("/v1/" + ZONE_B + "/metrics");
		while (gone.status() != 404 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			gone = get("/v1/" + ZONE_B + "/metrics");
		}
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.body()).contains("container not found");
		assertThat(get("/v1/" + ZONE_A + "/metrics").status()).isEqualTo(200);
	}

	@Test
	void refreshForgetsHaltedZones() throws Exception {
		assertThat(get("/v1/ping").body()).contains("\"containers\":2");
		fake.removeKstat("kstat zones 7 b8a7f9c2-3d4e-4f5a-8b6c-7d8e9f zone_misc");
		fake.bumpChain();
		assertThat(refresh()).isEqualTo(200);
		assertThat(get("/v1/ping").body()).contains("\"containers\":1");
		restore();
		assertThat(refresh()).isEqualTo(200);
		assertThat(get("/v1/ping").body()).contains("\"containers\":2");
	}

}
