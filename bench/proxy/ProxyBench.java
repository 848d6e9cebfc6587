import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.containermonitor.core.inventory.Inventory;
import io.containermonitor.proxy.MetricProxyApplication;
import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient;
import io.containermonitor.proxy.test.ProxyFixture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scrapes through the metric proxy (HTTPS, client certificate, auth + authz + rate limit +
 * routing) against the same scrapes sent straight to the stand-in agent (plain HTTP, as the
 * proxy itself calls it), side by side in one run, and prints requests/s, p50, p99 and the ratio.
 *
 * <p>Everything runs in this one JVM (agent, proxy, load client), so CPU figures are for the
 * whole process: read them as relative. The load client keeps {@code connections} keep-alive
 * connections busy; the scraping account (ops, an operator) is exempt from the rate limit so
 * that the proxy's full request path is measured, not 429s.
 *
 * <p>Run: {@code bench/proxy/run.sh [seconds] [connections]}.
 */
public class ProxyBench {

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
		int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
		ProxyFixture fixture = ProxyFixture.get();
		List<String> proxyArgs = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--logging.level.root=WARN", "--cmon.proxy.datacenter=" + ProxyFixture.DATACENTER,
				"--cmon.proxy.dns-suffix=" + ProxyFixture.SUFFIX, "--cmon.proxy.accounts-file=" + fixture.accountsFile));
		// Extra proxy settings to compare, ";"-separated, e.g. BENCH_JAVA_OPTS=-Dproxy.args=--a=1;--b=2
		String extra = System.getProperty("proxy.args", "").trim();
		if (!extra.isEmpty()) {
			proxyArgs.addAll(Arrays.asList(extra.split(";")));
		}
		ConfigurableApplicationContext proxy = new SpringApplication(MetricProxyApplication.class)
			.run(proxyArgs.toArray(String[]::new));
		try {
			fixture.fill(proxy.getBean(Inventory.class));
			int proxyPort = ((WebServerApplicationContext) proxy).getWebServer().getPort();
			ProxyClient client = new ProxyClient(proxyPort);
			ClientIdentity ops = ClientIdentity.certgen("ops", fixture.opsKey);
			String host = ProxyFixture.hostOf(fixture.opsCoreVm);
			HttpClient direct = HttpClient.create(ConnectionProvider.builder("direct").maxConnections(connections).build())
				.baseUrl("http://127.0.0.1:" + fixture.upstreams.agent.port());
			String directPath = "/v1/" + fixture.opsCoreVm + "/metrics";

			Mono<Long> viaProxy = Mono.defer(() -> {
				long start = System.nanoTime();
				return client.getAsync(ops, host, "/metrics", Map.of(), false).map(r -> {
					if (r.status() != 200) {
						throw new IllegalStateException("proxy answered " + r.status() + ": " + r.body());
					}
					return System.nanoTime() - start;
				});
			});
			Mono<Long> straight = Mono.defer(() -> {
				long start = System.nanoTime();
				return direct.get().uri(directPath).responseSingle((r, body) -> body.asString().map(b -> {
					if (r.status().code() != 200) {
						throw new IllegalStateException("agent answered " + r.status());
					}
					return System.nanoTime() - start;
				}));
			});

			// Warm up by count, not time: on a loaded machine a timed warm-up leaves the proxy path cold (JIT).
			System.out.println("warming up (5000 requests each)...");
			Flux.range(0, 5000).flatMap(i -> straight, connections).blockLast();
			Flux.range(0, 5000).flatMap(i -> viaProxy, connections).blockLast();
			double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

			Result agent = run(straight, connections, seconds);
			Result proxied = run(viaProxy, connections, seconds);
			System.out.printf("%n%-28s %12s %10s %10s %14s%n", "", "requests/s", "p50 ms", "p99 ms", "CPU ms/request");
			print("straight to agent (HTTP)", agent);
			print("through proxy (HTTPS+mTLS)", proxied);
			System.out.printf("%-28s %11.2fx %9.2fx %9.2fx %13.2fx%n", "proxy / straight", proxied.rps() / agent.rps(),
					proxied.p50() / agent.p50(), proxied.p99() / agent.p99(), proxied.cpuPerRequest() / agent.cpuPerRequest());
			System.out.printf("(client opened %d TLS connections in all; system load average %.1f before, %.1f after)%n",
					client.connectionsOpened(), loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
			System.out.printf("(%d keep-alive connections, %d s per case, %d CPUs, one JVM for client, proxy and agent)%n",
					connections, seconds, Runtime.getRuntime().availableProcessors());
			client.close();
		}
		finally {
			proxy.close();
			fixture.upstreams.agent.disposeNow();
			fixture.upstreams.hangingAgent.disposeNow();
			fixture.upstreams.discovery.disposeNow();
		}
	}

	record Result(long requests, double seconds, double p50, double p99, double cpuMillis) {

		double rps() {
			return requests / seconds;
		}

		double cpuPerRequest() {
			return cpuMillis / requests;
		}

	}

	static void print(String name, Result r) {
		System.out.printf("%-28s %12.0f %10.2f %10.2f %14.3f%n", name, r.rps(), r.p50(), r.p99(), r.cpuPerRequest());
	}

	static Result run(Mono<Long> request, int concurrency, int seconds) {
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpuStart = os.getProcessCpuTime();
		long start = System.nanoTime();
		long deadline = start + Duration.ofSeconds(seconds).toNanos();
		AtomicLong count = new AtomicLong();
		List<Long> latencies = Flux.range(0, concurrency)
			.flatMap(worker -> request.repeat(() -> System.nanoTime() < deadline), concurrency)
			.doOnNext(n -> count.incrementAndGet())
			.collectList()
			.block();
		double elapsed = (System.nanoTime() - start) / 1e9;
		double cpu = (os.getProcessCpuTime() - cpuStart) / 1e6;
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Result(sorted.length, elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), cpu);
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
