package io.containermonitor.forwarder.scrape;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.http.CmonHttpClientFactory;
import io.containermonitor.forwarder.sink.SampleDispatcher;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.standin.CmonStandIn.Response;
import io.containermonitor.forwarder.standin.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scrape loop against the mTLS stand-in, without stores: the scrape timeout, the
 * concurrency bound, and the spread of targets over the interval.
 */
class ScrapeSchedulerTests {

	private static final String SUFFIX = "cmon.test.example";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private CmonStandIn standIn;

	private TestCertificates.TenantFiles tenant;

	private ScrapeScheduler scheduler;

	@BeforeEach
	void start(@TempDir Path dir) throws Exception {
		TestCertificates certificates = new TestCertificates(SUFFIX, "acme");
		tenant = certificates.writeTenantFiles(dir);
		standIn = new CmonStandIn(certificates.serverContext(), "acme");
	}

	@AfterEach
	void stop() {
		if (scheduler != null) {
			scheduler.stop();
		}
		standIn.close();
	}

	@Test
	void aHungTargetTimesOutWhileAFastOneKeepsItsInterval() {
		UUID slow = add(sequence -> {
			sleep(1500);
			return Response.metrics("late 1\n");
		});
		UUID fast = add(sequence -> Response.metrics("quick 1\n"));
		scheduler = scheduler(1000, 700, 4);
		scheduler.update(targets(slow, fast));
		scheduler.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> counter("timeout") >= 3 && counter("success") >= 5);
		assertThat(standIn.served(slow)).isGreaterThanOrEqualTo(3);
	}

	@Test
	void noMoreScrapesInFlightThanTheBound() {
		List<UUID> vms = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			vms.add(add(sequence -> {
				sleep(300);
				return Response.metrics("m 1\n");
			}));
		}
		scheduler = scheduler(1000, 1000, 2);
		scheduler.update(targets(vms.toArray(UUID[]::new)));
		scheduler.start();
		// 8 targets of 300 ms every second need 2.4 slots: with 2, some rounds are skipped, never queued up.
		await().atMost(Duration.ofSeconds(30)).until(() -> counter("success") >= 12 && counter("skipped") > 0);
		// A scrape that timed out is abandoned by the forwarder while the server may still be answering it.
		assertThat(standIn.maxInFlight()).isBetween(1, 2 + (int) counter("timeout"));
	}

	@Test
	void targetsAreSpreadOverTheInterval() {
		scheduler = scheduler(60_000, 10_000, 4);
		Set<Long> offsets = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			Target target = target(UUID.randomUUID());
			long offset = scheduler.offsetMillis(target);
			assertThat(offset).isBetween(0L, 59_999L).isEqualTo(scheduler.offsetMillis(target));
			offsets.add(offset / 6_000);
		}
		// 100 targets over ten 6-second slices: every slice gets some.
		assertThat(offsets).hasSize(10);
	}

	private UUID add(CmonStandIn.Behaviour behaviour) {
		UUID vm = UUID.randomUUID();
		standIn.add(vm, null, UUID.randomUUID(), List.of(), behaviour);
		return vm;
	}

	private double counter(String result) {
		return registry.get("cmon.forwarder.scrapes").tag("result", result).counter().count();
	}

	private List<Target> targets(UUID... vms) {
		List<Target> targets = new ArrayList<>();
		for (UUID vm : vms) {
			targets.add(target(vm));
		}
		return targets;
	}

	private Target target(UUID vm) {
		return new Target(vm, null, null, List.of(),
				URI.create("https://" + vm + "." + SUFFIX + ":" + standIn.port() + "/metrics"));
	}

	private ScrapeScheduler scheduler(long intervalMillis, long timeoutMillis, int concurrency) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("cmon.forwarder.endpoint", SUFFIX);
		source.put("cmon.forwarder.dns-suffix", SUFFIX);
		source.put("cmon.forwarder.connect-to", "127.0.0.1:" + standIn.port());
		source.put("cmon.forwarder.scrape.interval", intervalMillis + "ms");
		source.put("cmon.forwarder.scrape.timeout", timeoutMillis + "ms");
		source.put("cmon.forwarder.scrape.max-concurrency", Integer.toString(concurrency));
		source.put("cmon.forwarder.graphite.enabled", "true");
		ForwarderProperties properties = new Binder(source).bindOrCreate("cmon.forwarder", ForwarderProperties.class);
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + tenant.certificate()).withPrivateKey("file:" + tenant.privateKey()),
				PemSslStoreDetails.forCertificate("file:" + tenant.ca())));
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(CmonHttpClientFactory.create(properties, bundle)))
			.build();
		Scraper scraper = new Scraper(web, new ExpositionParser(), properties.scrape().timeout(), Clock.systemUTC(), "test");
		return new ScrapeScheduler(scraper, new ScrapeMetrics(registry), new SampleDispatcher(List.of()),
				properties.scrape().interval(), concurrency, 0, Clock.systemUTC());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
