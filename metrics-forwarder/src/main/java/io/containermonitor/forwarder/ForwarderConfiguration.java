package io.containermonitor.forwarder;

import java.time.Clock;

import javax.net.ssl.SSLContext;
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
import io.containermonitor.forwarder.http.TenantAccount;
import io.containermonitor.forwarder.sink.graphite.GraphiteSinkWriter;
import io.containermonitor.forwarder.sink.http.ReceiverClient;
import io.containermonitor.forwarder.sink.influx.InfluxSinkWriter;
import io.containermonitor.forwarder.sink.otlp.OtlpMetricsEncoder;
import io.containermonitor.forwarder.sink.otlp.OtlpSinkWriter;
import io.containermonitor.forwarder.sink.remotewrite.RemoteWriteEncoder;
import io.containermonitor.forwarder.sink.remotewrite.RemoteWriteSinkWriter;
import io.containermonitor.forwarder.sink.remotewrite.SeriesLabels;
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
		SslBundle bundle = cmonBundle(properties, sslBundles);
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
		return new Scraper(cmonWebClient, new ExpositionParser(), properties.scrape().timeout(), forwarderClock,
				userAgent());
	}

	private static String version() {
		String version = MetricsForwarderApplication.class.getPackage().getImplementationVersion();
		return version != null ? version : "dev";
	}

	private static String userAgent() {
		return "cmon-metrics-forwarder/" + version();
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
	@ConditionalOnProperty("cmon.forwarder.remote-write.enabled")
	SinkWorker remoteWriteSink(ForwarderProperties properties, SslBundles sslBundles, MeterRegistry registry,
			Clock forwarderClock) {
		ForwarderProperties.RemoteWrite remoteWrite = properties.remoteWrite();
		ForwarderProperties.Buffer buffer = remoteWrite.buffer();
		ReceiverClient client = new ReceiverClient(remoteWrite.url(), remoteWrite.auth(), remoteWrite.headers(),
				buffer.writeTimeout(), sslContext(sslBundles, remoteWrite.auth(), "remote-write"));
		SeriesLabels labels = new SeriesLabels(properties.job(), target -> properties.instanceOf(target.vmUuid()),
				remoteWrite.externalLabels());
		RemoteWriteSinkWriter writer = new RemoteWriteSinkWriter(client, new RemoteWriteEncoder(labels),
				remoteWrite.shards(), buffer.batchSize(), remoteWrite.tenant(), userAgent(), forwarderClock);
		// The worker takes one batch for all shards at once; each shard sends batch-size samples per request.
		ForwarderProperties.Buffer perRound = new ForwarderProperties.Buffer(buffer.capacity(), buffer.maxAge(),
				buffer.batchSize() * remoteWrite.shards(), buffer.minBackoff(), buffer.maxBackoff(), buffer.writeTimeout());
		return new SinkWorker(writer, perRound, registry, forwarderClock);
	}

	@Bean
	@ConditionalOnProperty("cmon.forwarder.otlp.enabled")
	SinkWorker otlpSink(ForwarderProperties properties, SslBundles sslBundles, MeterRegistry registry,
			Clock forwarderClock) {
		ForwarderProperties.Otlp otlp = properties.otlp();
		ReceiverClient client = new ReceiverClient(otlp.metricsUrl(), otlp.auth(), otlp.headers(),
				otlp.buffer().writeTimeout(), sslContext(sslBundles, otlp.auth(), "otlp"));
		String account = TenantAccount.of(cmonBundle(properties, sslBundles)).orElse(null);
		// A start time is kept as long as a sample may wait in the buffer, and at least an hour.
		long forgetAfter = Math.max(otlp.buffer().maxAge().toMillis(), java.time.Duration.ofHours(1).toMillis());
		OtlpMetricsEncoder encoder = new OtlpMetricsEncoder(properties.job(), account, version(), forgetAfter);
		return new SinkWorker(new OtlpSinkWriter(client, encoder, otlp.compression(), userAgent(), forwarderClock,
				registry), otlp.buffer(), registry, forwarderClock);
	}

	private static SSLContext sslContext(SslBundles sslBundles, ForwarderProperties.HttpAuth auth, String sink) {
		if (auth.sslBundle() == null || auth.sslBundle().isBlank()) {
			return null;
		}
		try {
			return sslBundles.getBundle(auth.sslBundle()).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("cmon.forwarder." + sink + ".auth.ssl-bundle: no SSL bundle '"
					+ auth.sslBundle() + "' (define it under spring.ssl.bundle.pem." + auth.sslBundle() + ")", ex);
		}
	}

	private static SslBundle cmonBundle(ForwarderProperties properties, SslBundles sslBundles) {
		try {
			return sslBundles.getBundle(properties.sslBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("No SSL bundle '" + properties.sslBundle() + "' for the CMON client "
					+ "certificate: set spring.ssl.bundle.pem." + properties.sslBundle() + ".keystore.certificate and "
					+ ".keystore.private-key to your cmon-<account>-cert.pem and cmon-<account>-key.pem", ex);
		}
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
