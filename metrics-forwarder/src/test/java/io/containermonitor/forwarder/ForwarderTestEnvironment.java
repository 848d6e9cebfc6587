package io.containermonitor.forwarder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.standin.CmonStandIn.Response;
import io.containermonitor.forwarder.standin.TestCertificates;
import io.containermonitor.forwarder.stores.CarbonCacheServer;
import io.containermonitor.forwarder.sink.RecordingReceiver;
import io.containermonitor.forwarder.stores.InfluxDbServer;
import io.containermonitor.forwarder.stores.PrometheusServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Starts the real parts an end-to-end forwarder test needs before the forwarder's
 * context: a CMON stand-in over mTLS with five containers (good, escaping, garbage,
 * 404, 429), a real InfluxDB, a real carbon-cache, a real Prometheus with its
 * remote-write receiver, and an OTLP receiver (a recording HTTP server; no OTLP
 * collector is packaged here). Registers them as beans and
 * stops them when the context closes (and at JVM exit, whatever happens).
 */
public class ForwarderTestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String SUFFIX = "cmon.test.example";

	static final String ACCOUNT = "acme";

	static final String DATABASE = "cmon";

	static final UUID SERVER = UUID.fromString("44454c4c-3200-1048-8053-b3c04f383432");

	static final UUID WEB = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a01");

	static final UUID DB = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a02");

	static final UUID GARBAGE = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a03");

	static final UUID GONE = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a04");

	static final UUID BUSY = UUID.fromString("5fb2b8d4-7d94-4b2a-8a8b-3a9c6f1e0a05");

	/** A label value with every character that needs escaping somewhere: space, comma, quote, dot, newline. */
	static final String AWKWARD = "a b,c\"d.e\nf";

	static final int RETRY_AFTER_SECONDS = 3;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		try {
			Path dir = Files.createTempDirectory("forwarder-e2e");
			TestCertificates certificates = new TestCertificates(SUFFIX, ACCOUNT);
			TestCertificates.TenantFiles tenant = certificates
				.writeTenantFiles(Files.createDirectories(dir.resolve("tenant")));
			CmonStandIn standIn = new CmonStandIn(certificates.serverContext(), ACCOUNT);
			InfluxDbServer influx = new InfluxDbServer(Files.createDirectories(dir.resolve("influxdb")));
			CarbonCacheServer carbon = new CarbonCacheServer(Files.createDirectories(dir.resolve("carbon")));
			PrometheusServer prometheus = new PrometheusServer(Files.createDirectories(dir.resolve("prometheus")));
			RecordingReceiver otlp = new RecordingReceiver(RecordingReceiver.Answer.of(200));
			context.addApplicationListener(event -> {
				if (event instanceof ContextClosedEvent) {
					standIn.close();
					influx.close();
					carbon.close();
					prometheus.close();
					otlp.close();
					try {
						FileSystemUtils.deleteRecursively(dir);
					}
					catch (java.io.IOException ex) {
						// a temp directory left behind is harmless
					}
				}
			});
			influx.createDatabase(DATABASE);
			addContainers(standIn);

			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("cmon.forwarder.endpoint", SUFFIX);
			properties.put("cmon.forwarder.dns-suffix", SUFFIX);
			properties.put("cmon.forwarder.port", standIn.port());
			properties.put("cmon.forwarder.connect-to", "127.0.0.1:" + standIn.port());
			properties.put("cmon.forwarder.groups", "web,db");
			properties.put("cmon.forwarder.refresh-interval", "2s");
			properties.put("cmon.forwarder.scrape.interval", "1s");
			properties.put("cmon.forwarder.scrape.timeout", "900ms");
			properties.put("cmon.forwarder.scrape.max-concurrency", "4");
			properties.put("cmon.forwarder.influx.enabled", "true");
			properties.put("cmon.forwarder.influx.url", influx.url().toString());
			properties.put("cmon.forwarder.influx.database", DATABASE);
			properties.put("cmon.forwarder.graphite.enabled", "true");
			properties.put("cmon.forwarder.graphite.host", "127.0.0.1");
			properties.put("cmon.forwarder.graphite.port", carbon.port());
			properties.put("cmon.forwarder.remote-write.enabled", "true");
			properties.put("cmon.forwarder.remote-write.url", prometheus.writeUrl().toString());
			properties.put("cmon.forwarder.remote-write.external-labels.forwarder", "e2e");
			properties.put("cmon.forwarder.otlp.enabled", "true");
			properties.put("cmon.forwarder.otlp.url", otlp.url("").toString());
			for (String sink : List.of("influx", "graphite", "remote-write", "otlp")) {
				properties.put("cmon.forwarder." + sink + ".buffer.min-backoff", "200ms");
				properties.put("cmon.forwarder." + sink + ".buffer.max-backoff", "1s");
				properties.put("cmon.forwarder." + sink + ".buffer.write-timeout", "2s");
			}
			properties.put("spring.ssl.bundle.pem.cmon.keystore.certificate", "file:" + tenant.certificate());
			properties.put("spring.ssl.bundle.pem.cmon.keystore.private-key", "file:" + tenant.privateKey());
			properties.put("spring.ssl.bundle.pem.cmon.truststore.certificate", "file:" + tenant.ca());
			properties.put("management.server.port", "0");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("forwarder-e2e", properties));

			context.getBeanFactory().registerSingleton("cmonStandIn", standIn);
			context.getBeanFactory().registerSingleton("influxDbServer", influx);
			context.getBeanFactory().registerSingleton("carbonCacheServer", carbon);
			context.getBeanFactory().registerSingleton("prometheusServer", prometheus);
			context.getBeanFactory().registerSingleton("otlpReceiver", otlp);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start the forwarder's test environment: " + ex.getMessage(), ex);
		}
	}

	private static void addContainers(CmonStandIn standIn) {
		standIn.add(WEB, "web01", SERVER, List.of("web"), sequence -> Response.metrics(PrometheusTextWriter.toText(List.of(
				new MetricFamily("cpu_user_usage", MetricType.COUNTER, "User CPU time in nanoseconds",
						List.of(Sample.of("cpu_user_usage", 123456789))),
				new MetricFamily("net_agg_bytes_in", MetricType.COUNTER, "Bytes received on all interfaces",
						List.of(Sample.of("net_agg_bytes_in", Map.of("interface", "net0"), 1000),
								Sample.of("net_agg_bytes_in", Map.of("interface", "net1"), 2000.5))),
				new MetricFamily("load_average", MetricType.GAUGE, "Load average", List.of(Sample.of("load_average", 0.25))),
				sequenceFamily(sequence)))));
		standIn.add(DB, "db01", SERVER, List.of("db", "web"), sequence -> Response.metrics(PrometheusTextWriter.toText(List.of(
				new MetricFamily("label_escape_test", MetricType.GAUGE, "A label value that needs escaping",
						List.of(Sample.of("label_escape_test", Map.of("path", AWKWARD), 7))),
				sequenceFamily(sequence)))));
		// Garbage on odd scrapes, 404 on even ones: the forwarder logs each change of a target's state, so the
		// parse failure with its line number is logged again every two scrapes, while any test watches.
		standIn.add(GARBAGE, "broken01", SERVER, List.of("web"), sequence -> sequence % 2 == 1
				? Response.metrics("# TYPE garbage_ok gauge\ngarbage_ok 1\nthis is { not the text format\n")
				: new Response(404, Map.of(), ""));
		standIn.add(GONE, "gone01", SERVER, List.of("web"),
				sequence -> new Response(404, Map.of("Content-Type", "application/json"),
						"{\"code\":\"NotFoundError\",\"message\":\"\"}"));
		standIn.add(BUSY, "busy01", SERVER, List.of("web"),
				sequence -> new Response(429,
						Map.of("Content-Type", "application/json", "Retry-After", Integer.toString(RETRY_AFTER_SECONDS)),
						"{\"code\":\"TooManyRequestsError\",\"message\":\"You have exceeded your request rate of 100 r/s.\"}"));
	}

	private static MetricFamily sequenceFamily(int sequence) {
		return new MetricFamily("forwarder_test_sequence", MetricType.COUNTER, "Scrapes answered by this container",
				List.of(Sample.of("forwarder_test_sequence", sequence)));
	}

}
