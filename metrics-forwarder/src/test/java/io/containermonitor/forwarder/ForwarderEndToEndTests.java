package io.containermonitor.forwarder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.sink.SinkWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.containermonitor.forwarder.exposition.MalformedExpositionException;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.stores.CarbonCacheServer;
import io.containermonitor.forwarder.stores.InfluxDbServer;
import io.containermonitor.forwarder.stores.LocalProcessPaths;
import io.containermonitor.forwarder.stores.PrometheusServer;
import io.containermonitor.forwarder.sink.RecordingReceiver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.containermonitor.forwarder.ForwarderTestEnvironment.AWKWARD;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.BUSY;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.DATABASE;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.GARBAGE;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.GONE;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.RETRY_AFTER_SECONDS;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.SERVER;
import static io.containermonitor.forwarder.ForwarderTestEnvironment.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarder end to end, every part real: it discovers and scrapes a CMON
 * stand-in over mTLS (Host and TLS name {@code <uuid>.cmon.test.example}, the
 * connection sent to loopback), and writes to a real InfluxDB and a real
 * carbon-cache, a real Prometheus through remote write and an OTLP receiver, which
 * are queried back. One more, in-memory sink ({@link RecordingSinkWriter})
 * records what the forwarder scraped, so the outage cases know what each store must hold.
 * The two outage cases (InfluxDB, then carbon) run last; their length is
 * {@code -Dforwarder.test.sink-outage} (default 6 s; {@code PT30S}, the issue's 30 s, passes too).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ForwarderTestEnvironment.class)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwarderEndToEndTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Recorder {

		@Bean
		RecordingSinkWriter recordingSinkWriter() {
			return new RecordingSinkWriter();
		}

		@Bean
		SinkWorker recordingSink(RecordingSinkWriter recordingSinkWriter, MeterRegistry registry) {
			return new SinkWorker(recordingSinkWriter, new ForwarderProperties.Buffer(1_000_000, Duration.ofHours(1), 5000,
					Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1)), registry, Clock.systemUTC());
		}

	}

	private static final Duration WAIT = Duration.ofSeconds(Long.getLong("forwarder.test.wait-seconds", 30));

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private CmonStandIn standIn;

	@Autowired
	private InfluxDbServer influx;

	@Autowired
	private CarbonCacheServer carbon;

	@Autowired
	private PrometheusServer prometheus;

	@Autowired
	private RecordingReceiver otlpReceiver;

	@Autowired
	private Environment environment;

	@Autowired
	private RecordingSinkWriter recorder;

	@Test
	@Order(1)
	void discoversWithTheGroupsQueryPrometheusSendsAndTheTenantsCertificateIsAccepted() {
		await().atMost(WAIT).untilAsserted(() -> assertThat(targetsGauge()).isEqualTo(5.0));
		assertThat(standIn.discoverQueries()).isNotEmpty().allMatch("groups=web%2Cdb"::equals);
		// No 401 (certificate) and no 404 (Host routing) for the forwarder's own requests.
		assertThat(standIn.rejected()).noneMatch(line -> line.startsWith("401") || line.startsWith("404"));
	}

	@Test
	@Order(2)
	void knownSeriesArriveInInfluxDbWithTheTargetsIdentityAsTags() throws Exception {
		String identity = ",groups=web,server_uuid=" + SERVER + ",vm_alias=web01,vm_uuid=" + WEB;
		await().atMost(WAIT).untilAsserted(() -> assertThat(seriesKeys("load_average")).isNotEmpty());
		assertThat(seriesKeys("cpu_user_usage")).containsExactly("cpu_user_usage" + identity);
		assertThat(seriesKeys("net_agg_bytes_in")).containsExactly("net_agg_bytes_in,groups=web,interface=net0"
				+ identity.substring(",groups=web".length()), "net_agg_bytes_in,groups=web,interface=net1"
				+ identity.substring(",groups=web".length()));
		assertThat(lastValue("cpu_user_usage", "")).isEqualTo(123456789.0);
		assertThat(lastValue("net_agg_bytes_in", " AND \"interface\" = 'net0'")).isEqualTo(1000.0);
		assertThat(lastValue("net_agg_bytes_in", " AND \"interface\" = 'net1'")).isEqualTo(2000.5);
		assertThat(lastValue("load_average", "")).isEqualTo(0.25);
	}

	@Test
	@Order(3)
	void knownSeriesArriveInGraphiteUnderTheTemplatePaths() {
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(carbon.paths()).filteredOn(path -> path.startsWith("cmon.web01."))
				.containsExactlyInAnyOrder("cmon.web01.cpu_user_usage", "cmon.web01.forwarder_test_sequence",
						"cmon.web01.load_average", "cmon.web01.net_agg_bytes_in.interface.net0",
						"cmon.web01.net_agg_bytes_in.interface.net1"));
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(latest("cmon.web01.cpu_user_usage")).isEqualTo(123456789.0);
			assertThat(latest("cmon.web01.net_agg_bytes_in.interface.net0")).isEqualTo(1000.0);
			assertThat(latest("cmon.web01.net_agg_bytes_in.interface.net1")).isEqualTo(2000.5);
			assertThat(latest("cmon.web01.load_average")).isEqualTo(0.25);
		});
	}

	@Test
	@Order(4)
	void labelValueWithSpacesCommasQuotesDotsAndNewlinesIsEscapedForBothStores() throws Exception {
		await().atMost(WAIT).untilAsserted(() -> assertThat(seriesKeys("label_escape_test")).hasSize(1));
		JsonNode tagValues = influx.query(DATABASE, "SHOW TAG VALUES FROM \"label_escape_test\" WITH KEY = \"path\"");
		// Line protocol cannot carry a line break: it arrives as the two characters \n, everything else exactly.
		assertThat(tagValues.path(0).path("values").path(0).path(1).asString()).isEqualTo("a b,c\"d.e\\nf");
		assertThat(AWKWARD).isEqualTo("a b,c\"d.e\nf");
		JsonNode points = influx.query(DATABASE,
				"SELECT \"value\", \"path\", \"vm_alias\" FROM \"label_escape_test\" ORDER BY time DESC LIMIT 1");
		assertThat(points.path(0).path("values").path(0).path(1).asDouble()).isEqualTo(7.0);
		assertThat(points.path(0).path("values").path(0).path(3).asString()).isEqualTo("db01");

		String graphitePath = "cmon.db01.label_escape_test.path.a%20b%2Cc%22d%2Ee%0Af";
		await().atMost(WAIT).untilAsserted(() -> assertThat(carbon.paths()).contains(graphitePath));
		await().atMost(WAIT).untilAsserted(() -> assertThat(latest(graphitePath)).isEqualTo(7.0));
		assertThat(carbon.paths()).filteredOn(path -> path.startsWith("cmon.db01.label_escape_test"))
			.containsExactly(graphitePath);
	}

	@Test
	@Order(5)
	void garbageTargetFailsWithItsLineNumberAndForwardsNothing(CapturedOutput output) throws Exception {
		await().atMost(WAIT).untilAsserted(() -> assertThat(scrapes("parse_error")).isGreaterThan(0));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(output.getAll()).containsPattern(
					"Scrape of https://" + GARBAGE + "\\.cmon\\.test\\.example:\\d+/metrics \\(vm " + GARBAGE
							+ "\\) failed \\(parse_error\\): line 3: "));
		assertThat(influx.query(DATABASE, "SHOW MEASUREMENTS WITH MEASUREMENT = \"garbage_ok\"").isEmpty()).isTrue();
		assertThat(carbon.paths()).noneMatch(path -> path.contains("broken01"));
		assertThat(standIn.served(GARBAGE)).isGreaterThan(1);
	}

	@Test
	@Order(6)
	void notFoundTargetIsCountedAndLeavesTheOthersAlone() throws Exception {
		await().atMost(WAIT).untilAsserted(() -> assertThat(scrapes("not_found")).isGreaterThan(1));
		assertThat(standIn.served(GONE)).isGreaterThan(1);
		assertThat(carbon.paths()).noneMatch(path -> path.contains("gone01"));
		assertThat(scrapes("success")).isGreaterThan(2);
	}

	@Test
	@Order(7)
	void throttledTargetIsNotAskedAgainBeforeRetryAfter() throws Exception {
		await().atMost(WAIT).until(() -> standIn.requests(BUSY).size() >= 3);
		List<Instant> requests = standIn.requests(BUSY);
		List<Duration> gaps = new ArrayList<>();
		for (int i = 1; i < requests.size(); i++) {
			gaps.add(Duration.between(requests.get(i - 1), requests.get(i)));
		}
		// Scrape interval 1 s, Retry-After 3 s: never sooner than 3 s (a little less for clock granularity).
		assertThat(gaps).allMatch(gap -> gap.toMillis() >= RETRY_AFTER_SECONDS * 1000 - 100, "at least Retry-After");
		assertThat(gaps).allMatch(gap -> gap.toMillis() <= RETRY_AFTER_SECONDS * 1000 + 3000, "then asked again");
		assertThat(scrapes("throttled")).isGreaterThanOrEqualTo(3);
	}

	@Test
	@Order(8)
	void ownMetricsAndHealthShowEachSink() throws Exception {
		Map<String, Double> metrics = actuatorMetrics();
		assertThat(metrics).containsKeys("cmon_forwarder_sink_samples_written_total{sink=influxdb}",
				"cmon_forwarder_sink_samples_written_total{sink=graphite}",
				"cmon_forwarder_sink_buffer_samples{sink=influxdb}",
				"cmon_forwarder_sink_samples_dropped_total{reason=overflow,sink=influxdb}",
				"cmon_forwarder_sink_write_duration_seconds_count{result=success,sink=graphite}",
				"cmon_forwarder_targets");
		assertThat(metrics.get("cmon_forwarder_sink_samples_written_total{sink=influxdb}")).isGreaterThan(10);
		assertThat(metrics.get("cmon_forwarder_targets")).isEqualTo(5.0);
		JsonNode health = health();
		assertThat(health.path("components").path("sinks").path("components").path("influxdb").path("status").asString())
			.isEqualTo("UP");
		assertThat(health.path("components").path("sinks").path("components").path("graphite").path("status").asString())
			.isEqualTo("UP");
		assertThat(health.path("components").path("discovery").path("details").path("targets").asInt()).isEqualTo(5);
	}

	@Test
	@Order(9)
	void ownMetricFamiliesPassPromtoolLint() throws Exception {
		StringBuilder own = new StringBuilder();
		for (String line : get("/actuator/prometheus").split("\n")) {
			String name = line.startsWith("# ") ? line.split(" ")[2] : line;
			if (name.startsWith("cmon_forwarder_")) {
				own.append(line).append('\n');
			}
		}
		assertThat(own).contains("# HELP cmon_forwarder_scrapes_total ");
		Process promtool = new ProcessBuilder(LocalProcessPaths.require("promtool", "prometheus"), "check", "metrics")
			.redirectErrorStream(true)
			.start();
		try (var in = promtool.getOutputStream()) {
			in.write(own.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		String output = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(promtool.waitFor()).as("promtool check metrics: %s", output).isZero();
	}

	@Test
	@Order(9)
	void knownSeriesArriveInPrometheusThroughRemoteWriteLabelledAsPrometheusWould() throws Exception {
		Map<String, String> expected = PrometheusServer.labels("__name__", "cpu_user_usage", "job", "cmon", "instance",
				WEB + ".cmon.test.example:" + standIn.port(), "vm_uuid", WEB.toString(), "vm_alias", "web01",
				"server_uuid", SERVER.toString(), "groups", "web", "forwarder", "e2e");
		await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus.samples("cpu_user_usage", Duration.ofMinutes(5)))
			.containsOnlyKeys(expected));
		assertThat(prometheus.samples("cpu_user_usage", Duration.ofMinutes(5)).get(expected).values())
			.isNotEmpty()
			.containsOnly(123456789.0);
		assertThat(sinkHealth("remote-write").path("status").asString()).isEqualTo("UP");
	}

	@Test
	@Order(9)
	void knownSeriesArriveOverOtlpWithTheirTypesAndTheContainerAsResource() throws Exception {
		await().atMost(WAIT).untilAsserted(() -> assertThat(otlpMetric("cpu_user_usage")).isNotNull());
		Metric counter = otlpMetric("cpu_user_usage");
		assertThat(counter.getDataCase()).isEqualTo(Metric.DataCase.SUM);
		assertThat(counter.getSum().getIsMonotonic()).isTrue();
		assertThat(counter.getSum().getDataPoints(0).getAsDouble()).isEqualTo(123456789.0);
		assertThat(counter.getSum().getDataPoints(0).getStartTimeUnixNano()).isPositive()
			.isLessThanOrEqualTo(counter.getSum().getDataPoints(0).getTimeUnixNano());
		assertThat(otlpMetric("load_average").getDataCase()).isEqualTo(Metric.DataCase.GAUGE);
		Map<String, String> resource = new TreeMap<>();
		for (KeyValue attribute : otlpResource("cpu_user_usage").getResource().getAttributesList()) {
			resource.put(attribute.getKey(), attribute.getValue().hasArrayValue()
					? attribute.getValue().getArrayValue().getValues(0).getStringValue()
					: attribute.getValue().getStringValue());
		}
		// The account is the subject of the tenant's CMON certificate.
		assertThat(resource).containsEntry("service.instance.id", WEB.toString())
			.containsEntry("host.id", SERVER.toString())
			.containsEntry("container.name", "web01")
			.containsEntry("cloud.account.id", "acme")
			.containsEntry("service.name", "cmon")
			.containsEntry("triton.cmon.groups", "web");
		assertThat(sinkHealth("otlp").path("status").asString()).isEqualTo("UP");
	}

	private ResourceMetrics otlpResource(String metric) throws Exception {
		List<RecordingReceiver.Request> requests = otlpReceiver.requests();
		for (int i = requests.size() - 1; i >= 0; i--) {
			for (ResourceMetrics resource : ExportMetricsServiceRequest.parseFrom(requests.get(i).body())
				.getResourceMetricsList()) {
				if (resource.getScopeMetrics(0).getMetricsList().stream().anyMatch(m -> m.getName().equals(metric))) {
					return resource;
				}
			}
		}
		return null;
	}

	private Metric otlpMetric(String name) throws Exception {
		ResourceMetrics resource = otlpResource(name);
		return resource == null ? null
				: resource.getScopeMetrics(0).getMetricsList().stream().filter(m -> m.getName().equals(name)).findFirst()
					.orElse(null);
	}

	@Test
	@Order(10)
	void influxDbOutageIsBufferedAndReplayedWhileGraphiteCarriesOn() throws Exception {
		Duration outage = Duration.parse(System.getProperty("forwarder.test.sink-outage", "PT6S"));
		influx.stop();
		int servedAtStop = standIn.served(WEB);
		Instant end = Instant.now().plus(outage);
		await().atMost(WAIT).untilAsserted(() -> assertThat(sinkHealth("influxdb").path("status").asString())
			.isEqualTo("DOWN"));
		// The other sink is not slowed: Graphite keeps receiving each new scrape during the outage.
		await().atMost(outage.plusSeconds(10))
			.untilAsserted(() -> assertThat(latest("cmon.web01.forwarder_test_sequence"))
				.isGreaterThanOrEqualTo(servedAtStop + 3.0));
		JsonNode during = sinkHealth("influxdb");
		assertThat(during.path("details").path("bufferedSamples").asInt()).isGreaterThan(0);
		assertThat(sinkHealth("graphite").path("status").asString()).isEqualTo("UP");
		long left = Duration.between(Instant.now(), end).toMillis();
		if (left > 0) {
			Thread.sleep(left);
		}
		int servedAtRestart = standIn.served(WEB);
		// The outage spanned several scrapes (one a second).
		assertThat(servedAtRestart - servedAtStop).isGreaterThanOrEqualTo((int) Math.max(3, outage.toSeconds() / 2));
		influx.start();

		// Every scrape the forwarder read before, during and right after the outage is in InfluxDB, none missing.
		assertThat(recorder.sequence(WEB).subMap(servedAtStop, false, servedAtRestart, true))
			.as("scraped during the outage").hasSizeGreaterThanOrEqualTo(3);
		Set<Integer> scraped = recorder.sequence(WEB).headMap(servedAtRestart, true).keySet();
		await().atMost(WAIT).untilAsserted(() -> assertThat(sequenceValues()).containsAll(scraped));
		await().atMost(WAIT).untilAsserted(() -> assertThat(sinkHealth("influxdb").path("status").asString())
			.isEqualTo("UP"));
		assertThat(actuatorMetrics()).containsEntry("cmon_forwarder_sink_samples_dropped_total{reason=overflow,sink=influxdb}",
				0.0);
	}

	private double targetsGauge() throws Exception {
		return actuatorMetrics().getOrDefault("cmon_forwarder_targets", 0.0);
	}

	@Test
	@Order(11)
	void carbonOutageIsBufferedAndReplayedWhileInfluxDbCarriesOn() throws Exception {
		Duration outage = Duration.parse(System.getProperty("forwarder.test.sink-outage", "PT6S"));
		carbon.stop();
		int servedAtStop = standIn.served(WEB);
		Instant end = Instant.now().plus(outage);
		await().atMost(WAIT).untilAsserted(() -> assertThat(sinkHealth("graphite").path("status").asString())
			.isEqualTo("DOWN"));
		// InfluxDB keeps receiving every scrape while carbon is down.
		await().atMost(outage.plusSeconds(10)).untilAsserted(() -> {
			Set<Integer> scraped = recorder.sequence(WEB).subMap(servedAtStop, true, servedAtStop + 3, true).keySet();
			assertThat(scraped).isNotEmpty();
			assertThat(sequenceValues()).containsAll(scraped).contains(scraped.stream().max(Integer::compare).get());
			assertThat(recorder.sequence(WEB).lastKey()).isGreaterThanOrEqualTo(servedAtStop + 3);
		});
		assertThat(sinkHealth("influxdb").path("status").asString()).isEqualTo("UP");
		long left = Duration.between(Instant.now(), end).toMillis();
		if (left > 0) {
			Thread.sleep(left);
		}
		int servedAtRestart = standIn.served(WEB);
		carbon.start();

		// whisper keeps one value per second, the last written: each second of the outage must hold the highest
		// sequence number the forwarder scraped in it (exact timestamps from the recorder).
		assertThat(recorder.sequence(WEB).subMap(servedAtStop, false, servedAtRestart, true))
			.as("scraped during the outage").hasSizeGreaterThanOrEqualTo(3);
		await().atMost(WAIT).untilAsserted(() -> {
			TreeMap<Integer, Long> scraped = recorder.sequence(WEB);
			Map<Long, Double> lastPerSecond = new TreeMap<>();
			scraped.forEach((n, millis) -> lastPerSecond.merge(Math.floorDiv(millis, 1000), (double) n, Math::max));
			Map<Long, Double> expected = new TreeMap<>();
			scraped.subMap(servedAtStop, false, servedAtRestart, true).values().forEach(millis -> {
				long second = Math.floorDiv(millis, 1000);
				expected.put(second, lastPerSecond.get(second));
			});
			assertThat(carbon.fetch("cmon.web01.forwarder_test_sequence", Duration.ofMinutes(10)))
				.containsAllEntriesOf(expected);
		});
		await().atMost(WAIT).untilAsserted(() -> assertThat(sinkHealth("graphite").path("status").asString())
			.isEqualTo("UP"));
		assertThat(actuatorMetrics()).containsEntry("cmon_forwarder_sink_samples_dropped_total{reason=overflow,sink=graphite}",
				0.0);
	}

	private Set<Integer> sequenceValues() throws Exception {
		JsonNode series = influx.query(DATABASE,
				"SELECT \"value\" FROM \"forwarder_test_sequence\" WHERE \"vm_uuid\" = '" + WEB + "'");
		Set<Integer> values = new TreeSet<>();
		for (JsonNode row : series.path(0).path("values")) {
			values.add(row.path(1).asInt());
		}
		return values;
	}

	private List<String> seriesKeys(String measurement) throws Exception {
		JsonNode series = influx.query(DATABASE, "SHOW SERIES FROM \"" + measurement + "\"");
		List<String> keys = new ArrayList<>();
		for (JsonNode row : series.path(0).path("values")) {
			keys.add(row.path(0).asString());
		}
		return keys;
	}

	private double lastValue(String measurement, String condition) throws Exception {
		JsonNode series = influx.query(DATABASE, "SELECT last(\"value\") FROM \"" + measurement + "\" WHERE \"vm_uuid\" = '"
				+ WEB + "'" + condition);
		return series.path(0).path("values").path(0).path(1).asDouble();
	}

	private Double latest(String path) throws Exception {
		TreeMap<Long, Double> points = carbon.fetch(path, Duration.ofMinutes(5));
		return points.isEmpty() ? null : points.lastEntry().getValue();
	}

	private double scrapes(String result) throws Exception {
		return actuatorMetrics().getOrDefault("cmon_forwarder_scrapes_total{result=" + result + "}", 0.0);
	}

	/** The forwarder's own metrics, read with its own strict parser, keyed {@code name{label=value,...}}. */
	private Map<String, Double> actuatorMetrics() throws Exception {
		String text = get("/actuator/prometheus");
		Map<String, Double> metrics = new TreeMap<>();
		List<Sample> samples;
		try {
			samples = new ExpositionParser().parse(text);
		}
		catch (MalformedExpositionException ex) {
			throw new AssertionError("actuator/prometheus is not valid text format: " + ex.getMessage() + "\n" + text, ex);
		}
		for (Sample sample : samples) {
			StringBuilder key = new StringBuilder(sample.name());
			if (!sample.labels().isEmpty()) {
				key.append('{');
				new TreeMap<>(sample.labels()).forEach((name, value) -> key.append(name).append('=').append(value).append(','));
				key.setCharAt(key.length() - 1, '}');
			}
			metrics.put(key.toString(), sample.value());
		}
		return metrics;
	}

	private JsonNode health() throws Exception {
		return JsonMapper.shared().readTree(get("/actuator/health"));
	}

	private JsonNode sinkHealth(String sink) throws Exception {
		return health().path("components").path("sinks").path("components").path(sink);
	}

	private String get(String path) throws IOException, InterruptedException {
		String port = environment.getRequiredProperty("local.management.port");
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}


}
