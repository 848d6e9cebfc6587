package io.containermonitor.proxy.ratelimit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared limiter against a real {@code redis-server} on a random loopback port: buckets live
 * in Redis (so every replica sees them), and when Redis dies scrapes go on, each counted as a
 * fail-open. bob's bucket is overridden to burst 5, refilled at 1/s, to keep the test short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRateLimitTests extends ProxyIntegrationTest {

	private static final RedisServer redis = new RedisServer();

	@Autowired
	private ReactiveStringRedisTemplate redisTemplate;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("cmon.proxy.rate-limit.store", () -> "redis");
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> Integer.toString(redis.port()));
		registry.add("spring.data.redis.timeout", () -> "500ms");
		registry.add("cmon.proxy.rate-limit.overrides.bob.replenish-rate", () -> "1");
		registry.add("cmon.proxy.rate-limit.overrides.bob.burst-capacity", () -> "5");
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Test
	@Order(1)
	void bucketLivesInRedisAndRefusesPastTheBurst() {
		ClientIdentity bob = ClientIdentity.certgen("bob", fixture.bobKey);
		List<Response> responses = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			responses.add(client.get(bob, ProxyFixture.hostOf(fixture.bobVm), "/metrics"));
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long allowed = responses.stream().filter(r -> r.status() == 200).count();
		assertThat(allowed).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (long) Math.ceil(seconds) + 1);
		Response refused = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.body()).contains("TooManyRequestsError");
		assertThat(redisTemplate.keys("request_rate_limiter*bob*").collectList().block())
			.as("bob's bucket in Redis")
			.isNotEmpty();
		// alice has the default bucket, untouched by bob's.
		assertThat(client.get(ClientIdentity.certgen("alice", fixture.aliceEd25519), ProxyFixture.hostOf(fixture.aliceVm),
				"/metrics").status()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void whenRedisDiesScrapesGoOnAndAreCountedAsFailOpen() {
		double before = failOpen();
		redis.stop();
		ClientIdentity alice = ClientIdentity.certgen("alice", fixture.aliceEd25519);
		for (int i = 0; i < 3; i++) {
			Response response = client.get(alice, ProxyFixture.hostOf(fixture.aliceVm), "/metrics");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(2));
		}
		assertThat(failOpen()).isGreaterThanOrEqualTo(before + 3);
	}

	private double failOpen() {
		return registry.get("cmon.proxy.rate.limit.fail.open").counter().count();
	}

	/** A throw-away redis-server child process: no persistence, loopback only. */
	static final class RedisServer {

		private final int port;

		private Process process;

		RedisServer() {
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			try {
				Path dir = Files.createTempDirectory("redis-test");
				process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
						"--save", "", "--appendonly", "no", "--dir", dir.toString())
					.redirectErrorStream(true)
					.redirectOutput(dir.resolve("redis.log").toFile())
					.start();
				Process started = process;
				Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (!accepts()) {
					if (System.nanoTime() > deadline || !process.isAlive()) {
						throw new IllegalStateException("redis-server did not start on port " + port + "; see " + dir);
					}
					Thread.sleep(20);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot start redis-server (Debian package redis-server)", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		int port() {
			return port;
		}

		private boolean accepts() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}

		void stop() {
			if (process != null && process.isAlive()) {
				process.destroy();
				try {
					process.waitFor(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

}
