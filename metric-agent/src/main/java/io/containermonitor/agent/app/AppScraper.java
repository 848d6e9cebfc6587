package io.containermonitor.agent.app;

import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containermonitor.agent.AgentProperties;
import io.containermonitor.agent.container.Container;
import io.containermonitor.core.vm.AppEndpoint;

/**
 * Scrapes containers' applications, each at most once at a time (a second scrape of the same
 * container while one is in progress gets that one's answer: both come from the same owner),
 * and at most {@code max-concurrent} on the node, on threads of their own: a slow, huge or
 * hung application holds one of those threads, bounded by the exchange's deadline, and never a
 * thread of the event loop, the sweep or another container's scrape.
 */
class AppScraper implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AppScraper.class);

	private final AgentProperties.App settings;

	private final ContainerNetwork network;

	private final AppExchange exchange;

	private final AppScrapeLog scrapeLog;

	private final Semaphore permits;

	private final ExecutorService threads;

	private final Map<UUID, CompletableFuture<AppAnswer>> inFlight = new ConcurrentHashMap<>();

	AppScraper(AgentProperties.App settings, ContainerNetwork network, AppScrapeLog scrapeLog) {
		this.settings = settings;
		this.network = network;
		this.exchange = new AppExchange(settings);
		this.scrapeLog = scrapeLog;
		this.permits = new Semaphore(settings.maxConcurrent());
		AtomicInteger count = new AtomicInteger();
		// The permits keep the queue empty; the threads end when idle, so an idle node holds none.
		ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.maxConcurrent(), settings.maxConcurrent(), 30,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
					Thread thread = new Thread(task, "cmon-app-scrape-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		this.threads = pool;
	}

	/**
	 * The container's application metrics.
	 * @param fromProxy the endpoint the proxy read from the VM's tags (Triton mode), used only
	 * when the container has no label of its own and a network namespace of its own
	 * @return completes with the answer, or with an {@link AppScrapeException}
	 */
	CompletableFuture<AppAnswer> scrape(Container container, Optional<AppEndpoint> fromProxy) {
		Optional<AppEndpoint> own = AppEndpoint.fromTags(container.labels());
		if (!settings.enabled() || (own.isEmpty() && fromProxy.isEmpty())) {
			return CompletableFuture.failedFuture(notDeclared());
		}
		UUID vm = container.vmUuid();
		CompletableFuture<AppAnswer> mine = new CompletableFuture<>();
		CompletableFuture<AppAnswer> running = inFlight.putIfAbsent(vm, mine);
		if (running != null) {
			return running;
		}
		if (!permits.tryAcquire()) {
			inFlight.remove(vm, mine);
			AppScrapeException busy = new AppScrapeException(AppScrapeFailure.BUSY,
					settings.maxConcurrent() + " application scrapes are in progress on this node");
			scrapeLog.failed(vm, busy);
			mine.completeExceptionally(busy);
			return mine;
		}
		try {
			threads.execute(() -> run(container, own, fromProxy, mine));
		}
		catch (RuntimeException ex) {
			permits.release();
			inFlight.remove(vm, mine);
			mine.completeExceptionally(ex);
		}
		return mine;
	}

	private void run(Container container, Optional<AppEndpoint> own, Optional<AppEndpoint> fromProxy,
			CompletableFuture<AppAnswer> result) {
		UUID vm = container.vmUuid();
		AppAnswer answer = null;
		Throwable failure = null;
		try {
			answer = exchange(container, own, fromProxy);
			scrapeLog.succeeded(vm, answer);
		}
		catch (AppScrapeException ex) {
			if (ex.failure() != AppScrapeFailure.NOT_DECLARED) {
				scrapeLog.failed(vm, ex);
			}
			failure = ex;
		}
		catch (RuntimeException | Error ex) {
			log.error("application scrape of container {} failed unexpectedly", vm, ex);
			failure = ex;
		}
		finally {
			// Before completing: a scrape that starts once this one is answered starts afresh.
			inFlight.remove(vm, result);
			permits.release();
		}
		if (failure != null) {
			result.completeExceptionally(failure);
		}
		else {
			result.complete(answer);
		}
	}

	private AppAnswer exchange(Container container, Optional<AppEndpoint> own, Optional<AppEndpoint> fromProxy)
			throws AppScrapeException {
		ContainerNetwork.Route route = network.route(container).orElseThrow(AppScraper::notDeclared);
		// A port on the node's own network is only what the node's operator declared (a label
		// or the configuration), never what the proxy passes on from a VM's tags.
		Optional<AppEndpoint> endpoint = route.hostNetwork() ? own.filter(e -> settings.hostNetwork())
				: own.or(() -> fromProxy);
		AppEndpoint target = endpoint.orElseThrow(AppScraper::notDeclared);
		SocketChannel socket = network.socket(route);
		return exchange.get(socket, ContainerNetwork.address(target.port()), target);
	}

	private static AppScrapeException notDeclared() {
		return new AppScrapeException(AppScrapeFailure.NOT_DECLARED, "container not found");
	}

	@Override
	public void close() {
		threads.shutdownNow();
	}

}
