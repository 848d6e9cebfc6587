package io.containermonitor.forwarder.scrape;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.ForwarderProperties;
import io.containermonitor.forwarder.discovery.DiscoveryClient;
import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.http.CmonHttpClientFactory;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.standin.CmonStandIn.Response;
import io.containermonitor.forwarder.standin.TestCertificates;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape against the mTLS stand-in, in both target forms, with the headers Prometheus sends. */
class ScraperTests {

	private static final String SUFFIX = "cmon.test.example";

	private static final UUID VM = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	private CmonStandIn standIn;

	private TestCertificates.TenantFiles tenant;

	@BeforeEach
	void start(@TempDir Path dir) throws Exception {
		TestCertificates certificates = new TestCertificates(SUFFIX, "acme");
		tenant = certificates.writeTenantFiles(dir);
		standIn = new CmonStandIn(certificates.serverContext(), "acme");
		standIn.add(VM, "web01", UUID.randomUUID(), List.of(), sequence -> Response.metrics("load_average{cpu=\"all\"} 0.25\n"));
	}

	@AfterEach
	void stop() {
		standIn.close();
	}

	@Test
	void hostFormSendsWhatPrometheusSends() {
		ScrapeResult result = scrape("host");
		assertThat(result.outcome()).isEqualTo(ScrapeOutcome.SUCCESS);
		assertThat(result.samples()).containsExactly(Sample.of("load_average", Map.of("cpu", "all"), 0.25));
		Map<String, List<String>> headers = standIn.lastHeaders(VM);
		assertThat(headers.get("Host")).containsExactly(VM + "." + SUFFIX + ":" + standIn.port());
		assertThat(headers.get("Accept")).containsExactly("text/plain;version=0.0.4;q=1,*/*;q=0.1");
		assertThat(headers.get("Accept-encoding")).singleElement().asString().contains("gzip");
		assertThat(headers.get("X-prometheus-scrape-timeout-seconds")).containsExactly("2.5");
	}

	@Test
	void pathFormScrapesThroughTheServiceHost() {
		ScrapeResult result = scrape("path");
		assertThat(result.outcome()).isEqualTo(ScrapeOutcome.SUCCESS);
		assertThat(result.target().scrapeUrl().toString())
			.isEqualTo("https://" + SUFFIX + ":" + standIn.port() + "/v1/" + VM + "/metrics");
		assertThat(standIn.lastHeaders(VM).get("Host")).containsExactly(SUFFIX + ":" + standIn.port());
	}

	private ScrapeResult scrape(String form) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		source.put("cmon.forwarder.endpoint", SUFFIX);
		source.put("cmon.forwarder.dns-suffix", SUFFIX);
		source.put("cmon.forwarder.port", Integer.toString(standIn.port()));
		source.put("cmon.forwarder.connect-to", "127.0.0.1:" + standIn.port());
		source.put("cmon.forwarder.target-form", form);
		source.put("cmon.forwarder.scrape.timeout", "2500ms");
		source.put("cmon.forwarder.graphite.enabled", "true");
		ForwarderProperties properties = new Binder(source).bindOrCreate("cmon.forwarder", ForwarderProperties.class);
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + tenant.certificate()).withPrivateKey("file:" + tenant.privateKey()),
				PemSslStoreDetails.forCertificate("file:" + tenant.ca())));
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(CmonHttpClientFactory.create(properties, bundle)))
			.build();
		List<Target> targets = new DiscoveryClient(web, JsonMapper.shared(), properties)
			.discover(properties.refreshInterval())
			.block();
		Scraper scraper = new Scraper(web, new ExpositionParser(), properties.scrape().timeout(), Clock.systemUTC(), "test");
		return scraper.scrape(targets.get(0)).block();
	}

}
