package io.containermonitor.proxy.test;

import io.containermonitor.core.inventory.Inventory;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole proxy on random ports, over real TLS, in front of {@link TestUpstreams}, with
 * standalone accounts from {@link ProxyFixture}'s accounts file. Every subclass shares one
 * Spring context (same configuration) and one fixture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ProxyIntegrationTest {

	/** Upstream timeouts of the test proxy: short, so the timeout tests are quick. */
	public static final long CONNECT_TIMEOUT_MILLIS = 1000;

	public static final long RESPONSE_TIMEOUT_MILLIS = 1500;

	/** Scrapes of one account in progress at once (the rate-limit test sends 16 at a time). */
	public static final int MAX_CONCURRENT = 32;

	protected static final ProxyFixture fixture = ProxyFixture.get();

	private static ProxyClient sharedClient;

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected Inventory inventory;

	protected ProxyClient client;

	@DynamicPropertySource
	static void proxyProperties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> "0");
		registry.add("management.server.port", () -> "0");
		registry.add("cmon.proxy.datacenter", () -> ProxyFixture.DATACENTER);
		registry.add("cmon.proxy.dns-suffix", () -> ProxyFixture.SUFFIX);
		registry.add("cmon.proxy.accounts-file", () -> fixture.accountsFile.toString());
		registry.add("cmon.proxy.discovery.url", () -> "http://127.0.0.1:" + fixture.upstreams.discovery.port());
		registry.add("cmon.proxy.discovery.token", () -> "s3cret-proxy-token");
		registry.add("cmon.proxy.upstream.connect-timeout", () -> CONNECT_TIMEOUT_MILLIS + "ms");
		registry.add("cmon.proxy.upstream.response-timeout", () -> RESPONSE_TIMEOUT_MILLIS + "ms");
		// tina (rate-limit test only): the default burst, refilled at 1/s so that the test does not
		// depend on how fast this machine pushes requests through; uma keeps the defaults.
		registry.add("cmon.proxy.rate-limit.overrides.tina.replenish-rate", () -> "1");
		registry.add("cmon.proxy.rate-limit.overrides.tina.burst-capacity", () -> "1000");
		// amy (brown-out test only): 5/s with a burst of 5, so that 20 times her rate is quick to send.
		registry.add("cmon.proxy.rate-limit.overrides.amy.replenish-rate", () -> "5");
		registry.add("cmon.proxy.rate-limit.overrides.amy.burst-capacity", () -> "5");
		// ada (application-metrics test only): a burst of 3 that /metrics and /app/metrics share.
		registry.add("cmon.proxy.rate-limit.overrides.ada.replenish-rate", () -> "1");
		registry.add("cmon.proxy.rate-limit.overrides.ada.burst-capacity", () -> "3");
		registry.add("cmon.proxy.rate-limit.max-concurrent", () -> Integer.toString(MAX_CONCURRENT));
	}

	@BeforeEach
	void fillInventoryAndConnect() {
		fixture.fill(inventory);
		synchronized (ProxyIntegrationTest.class) {
			if (sharedClient == null || sharedClientPort != port) {
				sharedClient = new ProxyClient(port);
				sharedClientPort = port;
			}
			client = sharedClient;
		}
	}

	private static int sharedClientPort;

}
