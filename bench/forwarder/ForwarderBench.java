import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.containermonitor.core.prom.MetricFamily;
import io.containermonitor.core.prom.MetricType;
import io.containermonitor.core.prom.PrometheusTextWriter;
import io.containermonitor.core.prom.Sample;
import io.containermonitor.forwarder.MetricsForwarderApplication;
import io.containermonitor.forwarder.standin.CmonStandIn;
import io.containermonitor.forwarder.standin.CmonStandIn.Response;
import io.containermonitor.forwarder.standin.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The forwarder at scale, in one JVM: the CMON stand-in used by the module's tests
 * serves {@code targets} containers of {@code series} series each over mTLS (gzip, as
 * CMON); the real forwarder discovers and scrapes them every {@code interval} and
 * writes to all four sinks (InfluxDB, Graphite, Prometheus remote write, OTLP), each
 * pointing at a discard server (an HTTP server answering 204 or 200, a TCP server
 * reading to EOF), so the forwarder, not a store, is measured. After a warm-up it
 * measures samples written per second per sink and CPU per million samples: the whole
 * process, the process minus the threads of the stand-in and discard servers (GC stays
 * in the forwarder's share), and each sink's own threads (encoding and sending; the
 * JDK HTTP client's selector threads, shared by the three HTTP sinks, are shown apart).
 *
 * <p>Run: {@code bench/forwarder/run.sh [seconds] [interval] [targets] [series]}.
 */
public class ForwarderBench {

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
		Duration interval = Duration.parse("PT" + (args.length > 1 ? args[1] : "5s").toUpperCase());
		int targets = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
		int series = args.length > 3 ? Integer.parseInt(args[3]) : 200;
		Path dir = Files.createTempDirectory("forwarder-bench");
		TestCertificates certificates = new TestCertificates("cmon.bench.example", "acme");
		TestCertificates.TenantFiles tenant = certificates.writeTenantFiles(dir);
		CmonStandIn standIn = new CmonStandIn(certificates.serverContext(), "acme");
		UUID server = UUID.randomUUID();
		for (int t = 0; t < targets; t++) {
			String text = exposition(t, series);
			standIn.add(UUID.randomUUID(), "vm" + t, server, List.of("bench"), sequence -> Response.metrics(text));
		}
		HttpServer influx = discardHttp();
		ServerSocket graphite = discardGraphite();
		String http = "http://127.0.0.1:" + influx.getAddress().getPort();
		ConfigurableApplicationContext forwarder = new SpringApplication(MetricsForwarderApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--logging.level.root=WARN",
				"--cmon.forwarder.endpoint=cmon.bench.example", "--cmon.forwarder.dns-suffix=cmon.bench.example",
				"--cmon.forwarder.port=" + standIn.port(), "--cmon.forwarder.connect-to=127.0.0.1:" + standIn.port(),
				"--cmon.forwarder.scrape.interval=" + interval.toMillis() + "ms",
				"--cmon.forwarder.scrape.timeout=" + Math.min(interval.toMillis(), 10000) + "ms",
				"--cmon.forwarder.influx.enabled=true",
				"--cmon.forwarder.influx.url=http://127.0.0.1:" + influx.getAddress().getPort(),
				"--cmon.forwarder.influx.database=bench", "--cmon.forwarder.graphite.enabled=true",
				"--cmon.forwarder.graphite.host=127.0.0.1", "--cmon.forwarder.graphite.port=" + graphite.getLocalPort(),
				"--cmon.forwarder.remote-write.enabled=true", "--cmon.forwarder.remote-write.url=" + http + "/api/v1/write",
				"--cmon.forwarder.otlp.enabled=true", "--cmon.forwarder.otlp.url=" + http,
				"--spring.ssl.bundle.pem.cmon.keystore.certificate=file:" + tenant.certificate(),
				"--spring.ssl.bundle.pem.cmon.keystore.private-key=file:" + tenant.privateKey(),
				"--spring.ssl.bundle.pem.cmon.truststore.certificate=file:" + tenant.ca());
		try {
			MeterRegistry registry = forwarder.getBean(MeterRegistry.class);
			long warmUp = Math.max(15, interval.toSeconds() * 3);
			System.out.printf("%d targets x %d series, interval %s, %d cores: warming up %d s...%n", targets, series,
					interval, Runtime.getRuntime().availableProcessors(), warmUp);
			Thread.sleep(warmUp * 1000);
			Snapshot before = Snapshot.take(registry);
			Thread.sleep(seconds * 1000L);
			Snapshot after = Snapshot.take(registry);
			double elapsed = (after.nanos - before.nanos) / 1e9;
			double scraped = (after.scraped - before.scraped) / elapsed;
			double offered = (double) targets * series / interval.toMillis() * 1000;
			double processCpu = (after.processCpu - before.processCpu) / 1e9;
			double harnessCpu = (after.harnessCpu - before.harnessCpu) / 1e9;
			double forwarderCpu = processCpu - harnessCpu;
			double samplesMillions = 0;
			for (String sink : SINKS) {
				samplesMillions += (after.written(sink) - before.written(sink)) / SINKS.size() / 1e6;
			}
			System.out.printf("measured %.1f s%n", elapsed);
			System.out.printf("offered by targets     %,12.0f samples/s%n", offered);
			System.out.printf("scraped                %,12.0f samples/s   (scrapes ok %,.0f, failed %,.0f, skipped %,.0f)%n",
					scraped, after.ok - before.ok, after.failed - before.failed, after.skipped - before.skipped);
			double scrapeSeconds = (after.scrapeSeconds - before.scrapeSeconds)
					/ Math.max(1, after.scrapeCount - before.scrapeCount);
			System.out.printf("mean scrape duration   %12.1f ms (request, TLS, gzip, parse)%n", scrapeSeconds * 1000);
			System.out.printf("%-14s %14s %16s %19s %26s%n", "sink", "written/s", "buffered at end",
					"sink threads, cores", "sink CPU-s per M samples");
			for (String sink : SINKS) {
				double written = after.written(sink) - before.written(sink);
				double cpu = (after.sinkCpu(sink) - before.sinkCpu(sink)) / 1e9;
				System.out.printf("%-14s %,14.0f %,16d %19.3f %26.2f%n", sink, written / elapsed,
						(long) after.buffered(sink), cpu / elapsed, cpu / (written / 1e6));
			}
			double httpCpu = (after.httpClientCpu - before.httpClientCpu) / 1e9;
			System.out.printf("JDK HTTP client selector threads (influxdb, remote-write, otlp together): %.3f cores%n",
					httpCpu / elapsed);
			System.out.printf("dropped (all reasons)  %,12.0f%n", after.dropped - before.dropped);
			System.out.printf("CPU, whole process     %8.2f core-s  = %6.2f cores   %8.2f CPU-s per million samples%n",
					processCpu, processCpu / elapsed, processCpu / samplesMillions);
			System.out.printf("CPU, forwarder only    %8.2f core-s  = %6.2f cores   %8.2f CPU-s per million samples%n",
					forwarderCpu, forwarderCpu / elapsed, forwarderCpu / samplesMillions);
			System.out.println("(a sample written to all four sinks counts once in the process lines' \"per million samples\")");
		}
		finally {
			forwarder.close();
			standIn.close();
			influx.stop(0);
			graphite.close();
			org.springframework.util.FileSystemUtils.deleteRecursively(dir);
		}
	}

	private static String exposition(int target, int series) {
		List<MetricFamily> families = new ArrayList<>();
		int perFamily = 10;
		for (int f = 0; f < series / perFamily; f++) {
			List<Sample> samples = new ArrayList<>();
			for (int s = 0; s < perFamily; s++) {
				samples.add(Sample.of("bench_metric_" + f, Map.of("device", "dev" + s, "kind", "k" + (s % 3)),
						target * 1000.0 + f * 10 + s + 0.5));
			}
			families.add(new MetricFamily("bench_metric_" + f, MetricType.GAUGE, "Benchmark family " + f, samples));
		}
		return PrometheusTextWriter.toText(families);
	}

	private static final List<String> SINKS = List.of("influxdb", "graphite", "remote-write", "otlp");

	/** InfluxDB's and remote write's 204, OTLP's 200 with an empty ExportMetricsServiceResponse. */
	private static HttpServer discardHttp() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStreamNull.INSTANCE);
			}
			exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/v1/metrics") ? 200 : 204, -1);
			exchange.close();
		});
		server.setExecutor(Executors.newFixedThreadPool(2, named("discard-influx")));
		server.start();
		return server;
	}

	private static ServerSocket discardGraphite() throws IOException {
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = named("discard-graphite").newThread(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					named("discard-graphite").newThread(() -> {
						try (socket; InputStream in = socket.getInputStream()) {
							in.transferTo(OutputStreamNull.INSTANCE);
						}
						catch (IOException ignored) {
						}
					}).start();
				}
				catch (IOException closed) {
					return;
				}
			}
		});
		acceptor.start();
		return server;
	}

	private static java.util.concurrent.ThreadFactory named(String prefix) {
		return runnable -> {
			Thread thread = new Thread(runnable, prefix);
			thread.setDaemon(true);
			return thread;
		};
	}

	private static final class OutputStreamNull extends java.io.OutputStream {

		static final OutputStreamNull INSTANCE = new OutputStreamNull();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

	private record Snapshot(long nanos, Map<String, Double> written, Map<String, Double> buffered,
			Map<String, Long> sinkCpu, long httpClientCpu, double scraped, double ok, double failed, double skipped,
			double dropped, long processCpu, long harnessCpu, double scrapeSeconds, double scrapeCount) {

		double written(String sink) {
			return written.get(sink);
		}

		double buffered(String sink) {
			return buffered.get(sink);
		}

		long sinkCpu(String sink) {
			return sinkCpu.getOrDefault(sink, 0L);
		}

		static Snapshot take(MeterRegistry registry) {
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long harness = 0;
			long httpClient = 0;
			Map<String, Long> sinkCpu = new java.util.HashMap<>();
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info == null) {
					continue;
				}
				String name = info.getThreadName();
				long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
				if (name.startsWith("cmon-standin") || name.startsWith("HTTP-Dispatcher") || name.startsWith("discard-")) {
					harness += cpu;
				}
				else if (name.startsWith("HttpClient-")) {
					httpClient += cpu;
				}
				else if (name.startsWith("sink-")) {
					String sink = name.equals("sink-remote-write-shard") ? "remote-write" : name.substring("sink-".length());
					sinkCpu.merge(sink, cpu, Long::sum);
				}
			}
			long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
			double scrapesFailed = 0;
			for (String result : List.of("parse_error", "not_found", "throttled", "http_error", "timeout",
					"transport_error")) {
				scrapesFailed += count(registry, "cmon.forwarder.scrapes", "result", result);
			}
			Map<String, Double> written = new java.util.HashMap<>();
			Map<String, Double> buffered = new java.util.HashMap<>();
			for (String sink : SINKS) {
				written.put(sink, count(registry, "cmon.forwarder.sink.samples.written", "sink", sink));
				buffered.put(sink,
						Search.in(registry).name("cmon.forwarder.sink.buffer.samples").tag("sink", sink).gauge().value());
			}
			return new Snapshot(System.nanoTime(), written, buffered, sinkCpu, httpClient,
					Search.in(registry).name("cmon.forwarder.scrape.samples").counter().count(),
					count(registry, "cmon.forwarder.scrapes", "result", "success"), scrapesFailed,
					count(registry, "cmon.forwarder.scrapes", "result", "skipped"),
					Search.in(registry).name("cmon.forwarder.sink.samples.dropped").counters().stream()
						.mapToDouble(c -> c.count()).sum(),
					processCpu, harness,
					Search.in(registry).name("cmon.forwarder.scrape.duration").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS),
					Search.in(registry).name("cmon.forwarder.scrape.duration").timer().count());
		}

		private static double count(MeterRegistry registry, String name, String tag, String value) {
			return Search.in(registry).name(name).tag(tag, value).counter().count();
		}

	}

}
