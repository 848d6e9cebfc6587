package io.containermonitor.forwarder;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.containermonitor.forwarder.discovery.DiscoveryClient;
import io.containermonitor.forwarder.discovery.DiscoveryHealthIndicator;
import io.containermonitor.forwarder.discovery.TargetRefresher;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.http.CmonHttpClientFactory;
import io.containermonitor.forwarder.scrape.ScrapeMetrics;
import io.containermonitor.forwarder.scrape.ScrapeScheduler;
import io.containermonitor.forwarder.scrape.Scraper;
import io.containermonitor.forwarder.sink.SampleDispatcher;
import io.containermonitor.forwarder.sink.SinkHealthIndicator;
import io.containermonitor.forwarder.sink.SinkWorker;
import io.containermonitor.forwarder.sink.graphite.GraphiteSinkWriter;
import io.containermonitor.forwarder.sink.influx.InfluxSinkWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires discovery, the scrape loop and the enabled sinks. */
@Configuration(proxyBeanMethods = false)
class ForwarderConfiguration {

	@Bean
	Clock forwarderClock() {
		return Clock.systemUTC();
	}

	@Bean
	WebClient cmonWebClient(ForwarderProperties properties, SslBundles sslBundles) {
		SslBundle bundle;
		try {
			bundle = sslBundles.getBundle(properties.sslBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("No SSL bundle '" + properties.sslBundle() + "' for the CMON client "
					+ "certificate: set spring.ssl.bundle.pem." + properties.sslBundle() + ".keystore.certificate and "
					+ ".keystore.private-key to your cmon-<account>-cert.pem and cmon-<account>-key.pem", ex);
		}
		return WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(CmonHttpClientFactory.create(properties, bundle)))
			.codecs(codecs -> codecs.defaultCodecs()
				.maxInMemorySize((int) Math.min(Integer.MAX_VALUE, properties.scrape().maxBodySize().toBytes())))
			.build();
	}

	@Bean
	DiscoveryClient discoveryClient(WebClient cmonWebClient, ObjectProvider<JsonMapper> json,
			ForwarderProperties properties) {
		return new DiscoveryClient(cmonWebClient, json.getIfAvailable(JsonMapper::shared), properties);
	}

	@Bean
	Scraper scraper(WebClient cmonWebClient, ForwarderProperties properties, Clock forwarderClock) {
		String version = MetricsForwarderApplication.class.getPackage().getImplementationVersion();
		return new Scraper(cmonWebClient, new ExpositionParser(), properties.scrape().timeout(), forwarderClock,
				"cmon-metrics-forwarder/" + (version != null ? version : "dev"));
	}

	@Bean
	@ConditionalOnProperty("cmon.forwarder.influx.enabled")
	SinkWorker influxSink(ForwarderProperties properties, MeterRegistry registry, Clock forwarderClock) {
		return new SinkWorker(new InfluxSinkWriter(properties.influx()), properties.influx().buffer(), registry,
				forwarderClock);
	}

	@Bean
	@ConditionalOnProperty("cmon.forwarder.graphite.enabled")
	SinkWorker graphiteSink(ForwarderProperties properties, MeterRegistry registry, Clock forwarderClock) {
		return new SinkWorker(new GraphiteSinkWriter(properties.graphite()), properties.graphite().buffer(), registry,
				forwarderClock);
	}

	@Bean
	SampleDispatcher sampleDispatcher(List<SinkWorker> sinks) {
		return new SampleDispatcher(sinks);
	}

	@Bean
	ScrapeMetrics scrapeMetrics(MeterRegistry registry) {
		return new ScrapeMetrics(registry);
	}

	@Bean
	ScrapeScheduler scrapeScheduler(Scraper scraper, ScrapeMetrics scrapeMetrics, SampleDispatcher sampleDispatcher,
			ForwarderProperties properties, Clock forwarderClock) {
		ForwarderProperties.Scrape scrape = properties.scrape();
		return new ScrapeScheduler(scraper, scrapeMetrics, sampleDispatcher, scrape.interval(), scrape.maxConcurrency(),
				scrape.jitterSeed(), forwarderClock);
	}

	@Bean
	TargetRefresher targetRefresher(DiscoveryClient discoveryClient, ScrapeScheduler scrapeScheduler,
			ForwarderProperties properties, MeterRegistry registry, Clock forwarderClock) {
		// As Prometheus' Triton SD: a discovery request may take up to the refresh interval.
		return new TargetRefresher(discoveryClient, properties.refreshInterval(), properties.refreshInterval(),
				scrapeScheduler::update, registry, forwarderClock);
	}

	@Bean
	HealthContributor sinksHealthContributor(List<SinkWorker> sinks) {
		Map<String, SinkHealthIndicator> bySink = new LinkedHashMap<>();
		sinks.forEach(sink -> bySink.put(sink.name(), new SinkHealthIndicator(sink)));
		return CompositeHealthContributor.fromMap(bySink);
	}

	@Bean
	DiscoveryHealthIndicator discoveryHealthIndicator(TargetRefresher targetRefresher) {
		return new DiscoveryHealthIndicator(targetRefresher);
	}

}
