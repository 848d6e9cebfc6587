package io.containermonitor.forwarder.scrape;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.containermonitor.forwarder.discovery.Target;
import io.containermonitor.forwarder.exposition.ExpositionParser;
import io.containermonitor.forwarder.exposition.MalformedExpositionException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Scrapes one target the way Prometheus does (GET, gzip, the text format asked for,
 * the scrape timeout announced) and parses the answer strictly. Never fails: every
 * end is a {@link ScrapeResult}.
 */
public class Scraper {

	static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

	private final WebClient web;

	private final ExpositionParser parser;

	private final Duration timeout;

	private final Clock clock;

	private final String userAgent;

	private final String timeoutSeconds;

	public Scraper(WebClient web, ExpositionParser parser, Duration timeout, Clock clock, String userAgent) {
		this.web = web;
		this.parser = parser;
		this.timeout = timeout;
		this.clock = clock;
		this.userAgent = userAgent;
		// As Prometheus writes it: "10", "0.9".
		this.timeoutSeconds = BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
	}

	public Mono<ScrapeResult> scrape(Target target) {
		return Mono.defer(() -> {
			long start = clock.millis();
			long startNanos = System.nanoTime();
			return web.get()
				.uri(target.scrapeUrl())
				.header(HttpHeaders.ACCEPT, ACCEPT)
				.header(HttpHeaders.USER_AGENT, userAgent)
				.header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds)
				.exchangeToMono(response -> {
					int status = response.statusCode().value();
					if (response.statusCode().is2xxSuccessful()) {
						return response.bodyToMono(String.class)
							.defaultIfEmpty("")
							.publishOn(Schedulers.parallel())
							.map(body -> parsed(target, start, startNanos, body));
					}
					String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
					return response.releaseBody().then(Mono.fromSupplier(() -> {
						Duration took = since(startNanos);
						if (status == HttpStatus.TOO_MANY_REQUESTS.value()) {
							return ScrapeResult.failure(target, ScrapeOutcome.THROTTLED, start, took,
									RetryAfter.parse(retryAfter, clock.instant()).orElse(null),
									"429 Too Many Requests, Retry-After: " + retryAfter);
						}
						ScrapeOutcome outcome = status == HttpStatus.NOT_FOUND.value() ? ScrapeOutcome.NOT_FOUND
								: ScrapeOutcome.HTTP_ERROR;
						return ScrapeResult.failure(target, outcome, start, took, null, "HTTP " + status);
					}));
				})
				.timeout(timeout)
				.onErrorResume(ex -> Mono.just(failed(target, start, startNanos, ex)));
		});
	}

	private ScrapeResult parsed(Target target, long start, long startNanos, String body) {
		try {
			return ScrapeResult.success(target, start, since(startNanos), parser.read(body));
		}
		catch (MalformedExpositionException ex) {
			return ScrapeResult.failure(target, ScrapeOutcome.PARSE_ERROR, start, since(startNanos), null,
					ex.getMessage());
		}
	}

	private ScrapeResult failed(Target target, long start, long startNanos, Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root && !(root instanceof TimeoutException)) {
			root = root.getCause();
		}
		boolean timedOut = ex instanceof TimeoutException || root instanceof TimeoutException
				|| root instanceof ReadTimeoutException
				|| root.getClass().getSimpleName().contains("Timeout");
		if (timedOut) {
			return ScrapeResult.failure(target, ScrapeOutcome.TIMEOUT, start, since(startNanos), null,
					"no answer within " + timeout);
		}
		String problem = root instanceof DataBufferLimitException ? "answer too large: " + root.getMessage()
				: root.toString();
		return ScrapeResult.failure(target, ScrapeOutcome.TRANSPORT_ERROR, start, since(startNanos), null, problem);
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
