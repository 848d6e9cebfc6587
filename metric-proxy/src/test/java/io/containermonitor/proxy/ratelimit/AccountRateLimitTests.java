package io.containermonitor.proxy.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.containermonitor.proxy.test.ClientIdentity;
import io.containermonitor.proxy.test.ProxyClient.Response;
import io.containermonitor.proxy.test.ProxyFixture;
import io.containermonitor.proxy.test.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-account throttle through the real proxy: a burst of 1000, then 429 with Retry-After
 * and the spec's message, and one tenant's empty bucket does not touch another's (uma, on the
 * default 100/s). tina's bucket refills at 1/s (a per-account override), so that the count is
 * exact up to the seconds the run takes on this machine: 1000 plus at most one per second.
 * {@link LocalAccountRateLimiterTests} pins "the 1001st is refused" at the default 100/s with a
 * stopped clock.
 */
class AccountRateLimitTests extends ProxyIntegrationTest {

	@Test
	void burstOf1000ThenTooManyRequestsWhileAnotherAccountIsUnaffected() {
		ClientIdentity tina = ClientIdentity.certgen("tina", fixture.tinaKey);
		ClientIdentity uma = ClientIdentity.certgen("uma", fixture.umaKey);
		String host = ProxyFixture.hostOf(fixture.tinaVm);
		int allowed = 0;
		int sent = 0;
		Response throttled = null;
		List<Response> umas = new java.util.ArrayList<>();
		long start = System.nanoTime();
		while (throttled == null && sent < 5000) {
			// 100 of tina's scrapes, and one of uma's in their midst.
			List<Response> batch = Flux.range(0, 100)
				.flatMap(i -> client.getAsync(tina, host, "/metrics", Map.of(), false), 16)
				.collectList()
				.block(Duration.ofSeconds(60));
			umas.add(client.get(uma, ProxyFixture.hostOf(fixture.umaVm), "/metrics"));
			sent += batch.size();
			for (Response response : batch) {
				if (response.status() == 200) {
					allowed++;
				}
				else {
					assertThat(response.status()).isEqualTo(429);
					throttled = response;
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(throttled).as("a 429 after %d requests", sent).isNotNull();
		assertThat(allowed).as("allowed in %.1f s", seconds)
			.isGreaterThanOrEqualTo(1000)
			.isLessThanOrEqualTo(1000 + (int) Math.ceil(seconds) + 1);
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		assertThat(throttled.body()).isEqualTo(
				"{\"code\":\"TooManyRequestsError\",\"message\":\"You have exceeded your request rate of 1 r/s.\"}");
		assertThat(umas).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
		Response umaAfter = client.get(uma, ProxyFixture.hostOf(fixture.umaVm), "/metrics");
		assertThat(umaAfter.status()).isEqualTo(200);
	}

}
