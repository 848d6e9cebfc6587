package io.containermonitor.core.config;

/**
 * Reactor Netty settings every HTTP server of the suite starts with.
 * <p>
 * Reactor Netty's HTTP/1.1 server (1.3.6, as Boot 4.0.7 brings it) stops reading a
 * keep-alive connection when a request arrives before the previous response's operations
 * have terminated and is then answered at once (reactor-netty issue 4361): the agent's
 * snapshot answer after one that waited for a reading, the proxy's 429 or 401 after a
 * proxied scrape. With {@code lastFlushWhenNoRead} the last flush terminates the
 * operations, so the next request is never queued behind them. Reactor Netty reads it
 * when its classes load, so an application's {@code main} applies this first; an
 * operator's own {@code -D} wins.
 */
public final class ReactorNettyServerDefaults {

	public static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	private ReactorNettyServerDefaults() {
	}

	/** Sets the defaults that are not set already. */
	public static void apply() {
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
	}

}
