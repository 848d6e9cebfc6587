package io.containermonitor.proxy.route;

import java.util.function.BiFunction;

import io.containermonitor.core.vm.Account;
import io.containermonitor.proxy.auth.CertificateRejectedException;
import io.containermonitor.proxy.auth.ConnectionAuthenticator;
import io.containermonitor.proxy.authz.ScrapeAuthorization;
import io.containermonitor.proxy.error.ErrorResponseWriter;
import io.containermonitor.proxy.error.ProxyError;
import io.containermonitor.proxy.error.ProxyErrorException;
import io.containermonitor.proxy.metrics.ProxyMetrics;
import io.containermonitor.proxy.ratelimit.AccountConcurrencyLimit;
import io.containermonitor.proxy.ratelimit.AccountThrottle;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves scrapes ({@code GET /metrics}, {@code GET /v1/<uuid>/metrics}, and a container's
 * application metrics, {@code GET /app/metrics}, {@code GET /v1/<uuid>/app/metrics}) on the public listener
 * straight from Reactor Netty, without WebFlux, Spring Security or the gateway: every scrape of
 * every tenant passes here, and those layers' per-request exchanges, header copies, filter
 * chains and route look-ups cost several times what the proxying itself does. The steps are
 * the same as the gateway's routes take, in the same order, with the same answers:
 * <ol>
 * <li>the Host names {@code cmon} or a UUID, or 404 (CMON's {@code enforceHostHandler});</li>
 * <li>the connection's client certificate authenticates an account ({@link ConnectionAuthenticator},
 * once per connection), or 401, the reason logged and counted;</li>
 * <li>the account may scrape the target ({@link ScrapeAuthorization}), or the one 404;</li>
 * <li>the account's token bucket ({@link AccountThrottle}) and concurrency limit
 * ({@link AccountConcurrencyLimit}) allow it, or 429 with {@code Retry-After}: a refusal costs
 * no upstream work;</li>
 * <li>{@link AgentForwarder} calls the agent and streams its answer.</li>
 * </ol>
 * Every answer is counted in {@code cmon_proxy_requests_total} (route {@value ProxyRoutes#AGENT_ROUTE}
 * or {@value ProxyRoutes#APP_ROUTE},
 * or {@code none} before an account is known, as on the gateway's path).
 */
public class ScrapeHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final Logger log = LoggerFactory.getLogger(ScrapeHandler.class);

	private static final String NO_ROUTE = "none";

	/** The application's metrics, beside the container's {@code /metrics}. */
	public static final String APP_PATH = "/app/metrics";

	private final ConnectionAuthenticator authenticator;

	private final ScrapeAuthorization authorization;

	private final AccountThrottle throttle;

	private final AccountConcurrencyLimit concurrency;

	private final AgentForwarder forwarder;

	private final ErrorResponseWriter errors;

	private final ProxyMetrics metrics;

	public ScrapeHandler(ConnectionAuthenticator authenticator, ScrapeAuthorization authorization,
			AccountThrottle throttle, AccountConcurrencyLimit concurrency, AgentForwarder forwarder,
			ErrorResponseWriter errors, ProxyMetrics metrics) {
		this.authenticator = authenticator;
		this.authorization = authorization;
		this.throttle = throttle;
		this.concurrency = concurrency;
		this.forwarder = forwarder;
		this.errors = errors;
		this.metrics = metrics;
	}

	/**
	 * Whether a request is a scrape: {@code GET} of {@code /metrics} or {@code /v1/<one segment>/metrics},
	 * or of the application's {@code /app/metrics} or {@code /v1/<one segment>/app/metrics}
	 * (a query is allowed and ignored). Everything else goes on to WebFlux.
	 */
	public static boolean isScrape(HttpServerRequest request) {
		if (!HttpMethod.GET.equals(request.method())) {
			return false;
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = query < 0 ? uri : uri.substring(0, query);
		return path.equals("/metrics") || path.equals(APP_PATH) || isOneSegmentUnderV1(path, "/metrics")
				|| isOneSegmentUnderV1(path, APP_PATH);
	}

	/** Whether the path is {@code /v1/<one segment><suffix>}. */
	private static boolean isOneSegmentUnderV1(String path, String suffix) {
		return path.startsWith("/v1/") && path.endsWith(suffix) && path.length() > "/v1/".length() + suffix.length()
				&& path.indexOf('/', "/v1/".length()) == path.length() - suffix.length();
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		HostTarget host = HostTarget.parse(request.requestHeaders().get(HttpHeaderNames.HOST)).orElse(null);
		if (host == null) {
			return refuse(response, NO_ROUTE, new ProxyErrorException(ProxyError.NOT_FOUND));
		}
		Channel[] channel = new Channel[1];
		request.withConnection(connection -> channel[0] = connection.channel());
		return authenticator.authenticate(channel[0])
			.onErrorResume(CertificateRejectedException.class, rejected -> {
				metrics.authFailure(rejected.reason());
				log.warn("Client certificate rejected ({}) for {} {}: {}", rejected.reason(), request.remoteAddress(),
						request.uri(), rejected.getMessage());
				return refuse(response, NO_ROUTE, new ProxyErrorException(ProxyError.UNAUTHORIZED)).then(Mono.<Account>empty());
			})
			.flatMap(account -> scrape(account, host, request, response));
	}

	private Mono<Void> scrape(Account account, HostTarget host, HttpServerRequest request,
			HttpServerResponse response) {
		String uri = request.uri();
		int query = uri.indexOf('?');
		ScrapeTarget target = authorization.target(account, host, query < 0 ? uri : uri.substring(0, query))
			.orElse(null);
		if (target == null) {
			log.debug("Account {} may not reach {} on {}", account.login(), uri, host);
			return refuse(response, ProxyRoutes.AGENT_ROUTE, new ProxyErrorException(ProxyError.NOT_FOUND));
		}
		String route = target.route();
		// One bucket per account whatever it scrapes: the application's metrics are no second allowance.
		return throttle.check(account, route)
			.then(Mono.defer(() -> {
				boolean limited = throttle.limits(account);
				if (limited) {
					concurrency.acquire(account);
				}
				Mono<Void> forwarded = forwarder.forward(target, request, response);
				return limited ? forwarded.doFinally(signal -> concurrency.release(account)) : forwarded;
			}))
			.then(Mono.<Void>fromRunnable(() -> metrics.request(route, response.status().code())))
			.onErrorResume(ProxyErrorException.class, error -> refuse(response, route, error));
	}

	private Mono<Void> refuse(HttpServerResponse response, String route, ProxyErrorException error) {
		metrics.request(route, error.status().value());
		return errors.write(response, error);
	}

}
